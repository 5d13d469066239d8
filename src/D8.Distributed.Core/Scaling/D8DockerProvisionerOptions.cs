using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.Core;

/// <summary>
/// The built-in Docker provisioner (<c>D8:Master:AutoScale:Docker</c>): it runs each extra slave as a container of
/// <see cref="Image"/> (a d8-slave image, see <c>deploy/docker/Dockerfile</c>) on the Docker engine the
/// <see cref="DockerPath"/> client talks to, publishes its port on <see cref="PublishAddress"/> and removes the
/// container when the scaler lets the slave go.
/// </summary>
public sealed class D8DockerProvisionerOptions
{
    /// <summary>Gets or sets the d8-slave image to run (for example <c>d8-slave:latest</c>); required when the auto-scaler uses this provisioner.</summary>
    public string? Image { get; set; }

    /// <summary>Gets or sets the docker client to run: a name found on PATH or a full path.</summary>
    [Required]
    public string DockerPath { get; set; } = "docker";

    /// <summary>
    /// Gets or sets the host address the slave's port is published on (<c>docker run -p ADDRESS::7600</c>); the default
    /// keeps it on this machine. Use <c>0.0.0.0</c> with <see cref="HostAddress"/> when the engine runs elsewhere.
    /// </summary>
    [Required]
    public string PublishAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Gets or sets the address the master reaches the published port at; <see langword="null"/> means
    /// <see cref="PublishAddress"/> (or <c>127.0.0.1</c> when that is <c>0.0.0.0</c>).
    /// </summary>
    public string? HostAddress { get; set; }

    /// <summary>
    /// Gets or sets the Docker network the container joins (<c>--network</c>); <see langword="null"/> for the engine's
    /// default bridge. With <c>host</c> (an engine without a bridge) no port is published: the slave listens on a free
    /// port of <see cref="PublishAddress"/> on this machine.
    /// </summary>
    public string? Network { get; set; }

    /// <summary>Gets or sets the container's memory limit (<c>--memory</c>, for example <c>512m</c>); <see langword="null"/> for none.</summary>
    public string? Memory { get; set; }

    /// <summary>Gets or sets the container's CPU limit (<c>--cpus</c>, for example <c>1.5</c>); <see langword="null"/> for none.</summary>
    [Range(0.01, 1024)]
    public double? Cpus { get; set; }

    /// <summary>Gets or sets the slave's port inside the container (the image's <c>D8__Slave__Port</c>).</summary>
    [Range(1, 65535)]
    public int ContainerPort { get; set; } = 7600;

    /// <summary>Gets or sets how long one docker command (run, port, rm) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
