using System.ComponentModel.DataAnnotations;
using D8.Shared.Configuration;

namespace D8.Distributed.Slave;

/// <summary>
/// Options of the D8 slave (<see cref="D8SlaveServiceCollectionExtensions.AddD8Slave(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>).
/// Bound strictly from the configuration section <see cref="SectionName"/>. Hosts that add the legacy variables
/// (<c>AddD8LegacyEnvironmentVariables()</c>, as d8-slave does) fill <see cref="AuthToken"/>, <see cref="Host"/> and
/// <see cref="Port"/> from <c>SLAVE_TOKEN</c>, <c>SLAVE_HOST</c> and <c>SLAVE_PORT</c>.
/// </summary>
public sealed class D8SlaveOptions
{
    /// <summary>The configuration section the options are bound from: <c>D8:Slave</c>.</summary>
    public const string SectionName = "D8:Slave";

    /// <summary>The slave API's default port.</summary>
    public const int DefaultPort = 7600;

    /// <summary>The message given when no token is configured; it says where to set one.</summary>
    internal const string MissingTokenMessage =
        "The D8 slave has no auth token and there is no default: set D8:Slave:AuthToken (environment variable "
        + "D8__Slave__AuthToken); d8-slave also reads SLAVE_TOKEN (alias SLAVE_AUTH_TOKEN), SLAVE_TOKEN_FILE and the systemd credential slave_token.";

    /// <summary>
    /// Gets or sets the shared bearer token that <c>POST /api/execute</c> requires (<c>Authorization: Bearer &lt;token&gt;</c>).
    /// Required; there is no default.
    /// </summary>
    [Required(ErrorMessage = MissingTokenMessage)]
    public string? AuthToken { get; set; }

    /// <summary>
    /// Gets or sets the address Kestrel listens on when <see cref="ConfigureKestrel"/> is set: an IP address
    /// (<c>0.0.0.0</c> for every IPv4 interface, <c>::</c> for every interface) or <c>localhost</c>. Defaults to
    /// <c>0.0.0.0</c>; <c>SLAVE_HOST</c> in existing deployments.
    /// </summary>
    [Required]
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>
    /// Gets or sets the TCP port Kestrel listens on when <see cref="ConfigureKestrel"/> is set; 0 picks a free one.
    /// Defaults to 7600; <c>SLAVE_PORT</c> in existing deployments.
    /// </summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// Gets or sets whether <c>AddD8Slave</c> configures Kestrel's endpoint (<see cref="Host"/>, <see cref="Port"/>).
    /// Off by default: an application that maps the slave API next to its own endpoints chooses where it listens;
    /// the d8-slave host turns it on.
    /// </summary>
    public bool ConfigureKestrel { get; set; }

    /// <summary>
    /// Gets or sets whether the endpoint set up by <see cref="ConfigureKestrel"/> serves HTTPS instead of plain HTTP.
    /// Off by default (old Python masters and slaves on a LAN speak HTTP). With no <see cref="CertificatePath"/>, the
    /// slave generates a self-signed certificate once and keeps it in <see cref="DataDirectory"/>; its SHA-256
    /// fingerprint is logged at start so the owner can pin it (<c>d8-master slaves add --https</c>).
    /// </summary>
    public bool Https { get; set; }

    /// <summary>
    /// Gets or sets the certificate file used when <see cref="Https"/> is on: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>)
    /// or a PEM certificate (then <see cref="CertificateKeyPath"/> names its key, unless the key is in the same file).
    /// <see langword="null"/> to use the generated self-signed certificate.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the PEM private key of a PEM <see cref="CertificatePath"/>; <see langword="null"/> when the key is in the certificate file.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Gets or sets a file holding the password of <see cref="CertificatePath"/> (PKCS#12) or of an encrypted PEM key;
    /// a file, so the password is in no configuration value or environment variable. A final line break is ignored.
    /// </summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>
    /// Gets the host names and IP addresses the generated certificate names (besides <c>localhost</c>, 127.0.0.1, ::1
    /// and <see cref="Host"/> when it is a specific address). Only informative for a master that pins the fingerprint.
    /// </summary>
    public IList<string> CertificateHostNames { get; } = [];

    /// <summary>
    /// Gets or sets the slave's data folder, where the generated certificate is kept (<c>slave/tls/</c>, 0600).
    /// Defaults to <c>~/Documents/d8_data</c>, the folder the master uses.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Gets or sets how many tasks run at once. Defaults to the processor count.</summary>
    [Range(1, 4096)]
    public int MaxConcurrentTasks { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets how many tasks may wait for a free slot; beyond that requests get 503. Defaults to 16.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedTasks { get; set; } = 16;

    /// <summary>Gets or sets the time limit of a task that names none, in seconds. Defaults to 300.</summary>
    [Range(0.001, 604_800)]
    public double DefaultTimeoutSeconds { get; set; } = 300;

    /// <summary>Gets or sets the largest time limit a task may have, in seconds; larger requests are capped. Defaults to 3600.</summary>
    [Range(0.001, 604_800)]
    public double MaxTimeoutSeconds { get; set; } = 3600;

    /// <summary>Gets or sets how many bytes of standard output and of standard error are kept (each). Defaults to 1 MiB.</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest accepted <c>POST /api/execute</c> body, in bytes; larger bodies get 413. Defaults to 1 MiB.</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the native Python interpreter: a name looked up on the search path, or a path. Defaults to <c>python3</c>.</summary>
    [Required]
    public string PythonExecutable { get; set; } = "python3";

    /// <summary>Gets or sets the virtualenv used by the <c>venv</c> method; <see langword="null"/> disables that method.</summary>
    public string? VenvPath { get; set; }

    /// <summary>
    /// Gets or sets the Docker image used by the <c>docker</c> method; <see langword="null"/> disables that method.
    /// Docker is usable only when an image is set and <c>docker info</c> succeeds.
    /// </summary>
    public string? DockerImage { get; set; }

    /// <summary>Gets or sets the Docker command-line client: a name looked up on the search path, or a path. Defaults to <c>docker</c>.</summary>
    [Required]
    public string DockerExecutable { get; set; } = "docker";

    /// <summary>
    /// Gets or sets the network docker tasks run in (<c>docker run --network</c>). Defaults to <c>none</c>: a task
    /// reaches neither the slave's network nor the internet; <c>bridge</c> or <c>host</c> give it the network.
    /// </summary>
    [Required]
    public string DockerNetwork { get; set; } = "none";

    /// <summary>
    /// Gets or sets the memory limit of a docker task (<c>docker run --memory</c>, for example <c>512m</c> or
    /// <c>2g</c>); <see langword="null"/> (the default) sets none, like the other methods.
    /// </summary>
    public string? DockerMemory { get; set; }

    /// <summary>
    /// Gets or sets how many CPUs a docker task may use (<c>docker run --cpus</c>, for example 1.5);
    /// <see langword="null"/> (the default) sets no limit, like the other methods.
    /// </summary>
    [Range(0.01, 1024.0)]
    public double? DockerCpus { get; set; }

    /// <summary>
    /// Gets or sets extra directories (separated like <c>PATH</c>) searched for executables before <c>PATH</c>, and put
    /// in front of the children's <c>PATH</c>. Lets a host (or a test) supply programs without changing its own environment.
    /// </summary>
    public string? ExecutableSearchPath { get; set; }

    /// <summary>
    /// Gets or sets the directory every <c>working_dir</c> must lie in; relative working directories are resolved
    /// against it. <see langword="null"/> allows any existing directory.
    /// </summary>
    public string? WorkspaceRoot { get; set; }

    /// <summary>
    /// Gets or sets the directory tasks without a <c>working_dir</c> run in. Defaults to <see cref="WorkspaceRoot"/>,
    /// else the host's current directory.
    /// </summary>
    public string? DefaultWorkingDirectory { get; set; }

    /// <summary>Gets or sets whether the <c>shell</c> method (<c>/bin/sh -c</c>) is offered. Defaults to <see langword="true"/>.</summary>
    public bool AllowShell { get; set; } = true;

    /// <summary>Gets the capabilities and labels reported in health (for example <c>gpu</c>), besides the detected methods.</summary>
    public IList<string> Capabilities { get; } = [];

    /// <summary>Gets or sets how often the capabilities (docker, venv, python) are probed again. Defaults to 60 s.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan CapabilityRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long one capability probe (for example <c>docker info</c>) may take. Defaults to 10 s.</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the result of a task with a <c>task_id</c> is kept for retries. Defaults to 1 hour.</summary>
    [TimeSpanRange("00:00:00", "7.00:00:00")]
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many results of tasks with a <c>task_id</c> are kept for retries. Defaults to 1000.</summary>
    [Range(0, 1_000_000)]
    public int MaxRetainedResults { get; set; } = 1000;

    /// <summary>Gets or sets how long running tasks may go on after shutdown starts before they are killed. Defaults to 30 s.</summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the <c>Retry-After</c> value, in seconds, sent with 503 responses. Defaults to 5.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Gets or sets the reported git commit; <see langword="null"/> to resolve it (version_info.json, assembly).</summary>
    public string? Commit { get; set; }

    /// <summary>Gets or sets the reported version; <see langword="null"/> to resolve it (version_info.json, assembly).</summary>
    public string? Version { get; set; }

    /// <summary>Gets or sets the reported git branch; <see langword="null"/> to resolve it (version_info.json).</summary>
    public string? Branch { get; set; }
}
