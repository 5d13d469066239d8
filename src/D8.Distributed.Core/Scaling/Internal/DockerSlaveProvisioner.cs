using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The built-in provisioner (§14): each extra slave is a container of the configured d8-slave image, named
/// <c>d8-&lt;slave id&gt;</c>, started with <c>--init</c>, the slave's own token and the master's commit, its port
/// published on <see cref="D8DockerProvisionerOptions.PublishAddress"/>; stopping removes the container
/// (<c>docker rm -f</c>). It costs nothing, so the scaler asks no approval for it.
/// </summary>
internal sealed class DockerSlaveProvisioner : ISlaveProvisioner
{
    private readonly D8DockerProvisionerOptions _docker;
    private readonly ILogger<DockerSlaveProvisioner> _logger;

    public DockerSlaveProvisioner(IOptions<D8MasterOptions> options, ILogger<DockerSlaveProvisioner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _docker = options.Value.AutoScale.Docker;
        _logger = logger;
        // Resolved when the scaler starts: a missing image stops the start, like any other option error.
        if (options.Value.AutoScale.Enabled && string.IsNullOrWhiteSpace(_docker.Image))
        {
            throw new OptionsValidationException(
                D8MasterOptions.SectionName,
                typeof(D8MasterOptions),
                ["D8:Master:AutoScale:Docker:Image is required: name the d8-slave image the Docker provisioner runs (see deploy/docker/Dockerfile)."]);
        }
    }

    public string Name => "docker";

    public decimal? CostPerHour => null;

    public string Currency => "USD";

    public async ValueTask<ProvisionedSlave> StartAsync(SlaveProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = _docker.Image is { Length: > 0 } configured ? configured : throw new InvalidOperationException("D8:Master:AutoScale:Docker:Image is not set: name the d8-slave image the Docker provisioner runs.");
        if (request.Token.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException("A slave token cannot hold a line break.", nameof(request));
        }

        var name = ContainerName(request.SlaveId);
        // The token goes through an env file readable by this user only (never on a command line other users can read
        // in /proc); the file is gone once the client has read it.
        var envFile = Path.Combine(Path.GetTempPath(), $"d8-{request.SlaveId}-{Guid.NewGuid():N}.env");
        var lines = new List<string> { "SLAVE_TOKEN=" + request.Token };
        // On the host's network (an engine without a bridge) nothing is published: the slave listens on a free port of
        // this machine itself.
        var hostNetwork = string.Equals(_docker.Network, "host", StringComparison.Ordinal);
        int? hostPort = null;
        if (hostNetwork)
        {
            hostPort = FreePort(_docker.PublishAddress);
            lines.Add("D8__Slave__Host=" + _docker.PublishAddress);
            lines.Add("D8__Slave__Port=" + hostPort.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Commit is { Length: > 0 } commit)
        {
            lines.Add("D8__Slave__Commit=" + commit);
        }

        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(envFile, fileOptions))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync(string.Join('\n', lines) + "\n").ConfigureAwait(false);
        }

        string containerId;
        try
        {
            List<string> run = ["run", "--detach", "--init", "--name", name, "--label", "d8.autoscaler=" + Name, "--label", "d8.slave-id=" + request.SlaveId,
                "--env-file", envFile];
            if (!hostNetwork)
            {
                run.AddRange(["--publish", $"{_docker.PublishAddress}::{_docker.ContainerPort.ToString(CultureInfo.InvariantCulture)}"]);
            }

            if (_docker.Network is { Length: > 0 } network)
            {
                run.AddRange(["--network", network]);
            }

            if (_docker.Memory is { Length: > 0 } memory)
            {
                run.AddRange(["--memory", memory]);
            }

            if (_docker.Cpus is { } cpus)
            {
                run.AddRange(["--cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
            }

            run.Add(image);
            containerId = (await RunAsync(run, cancellationToken).ConfigureAwait(false)).Split('\n')[^1].Trim();
        }
        finally
        {
            File.Delete(envFile);
        }

        try
        {
            var port = hostPort ?? await PublishedPortAsync(containerId, name, cancellationToken).ConfigureAwait(false);
            var host = _docker.HostAddress ?? (_docker.PublishAddress is "0.0.0.0" or "::" ? "127.0.0.1" : _docker.PublishAddress);
            Log.DockerSlaveStarted(_logger, request.SlaveId, name, image, host, port);
            return new ProvisionedSlave(request.SlaveId, host, port, containerId);
        }
        catch
        {
            await RemoveAsync(containerId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask StopAsync(ProvisionedSlave slave, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        await RemoveAsync(slave.Reference, cancellationToken).ConfigureAwait(false);
        Log.DockerSlaveRemoved(_logger, slave.SlaveId, slave.Reference);
    }

    /// <summary>The container name of a slave: <c>d8-&lt;slave id&gt;</c>.</summary>
    public static string ContainerName(string slaveId) => "d8-" + slaveId;

    private async Task<int> PublishedPortAsync(string containerId, string name, CancellationToken cancellationToken)
    {
        var published = await RunAsync(["port", containerId, _docker.ContainerPort.ToString(CultureInfo.InvariantCulture) + "/tcp"], cancellationToken).ConfigureAwait(false);
        return ParsePort(published) ?? throw new InvalidOperationException($"docker port gave no host port for container {name}: '{published}'.");
    }

    /// <summary>A port nothing listens on at <paramref name="address"/> right now (the system picks it).</summary>
    private static int FreePort(string address)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(address), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host port in <c>docker port</c>'s answer ("127.0.0.1:49153", one line per address family).</summary>
    internal static int? ParsePort(string published)
    {
        foreach (var line in published.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.LastIndexOf(':');
            if (colon >= 0 && int.TryParse(line.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }
        }

        return null;
    }

    private async Task RemoveAsync(string container, CancellationToken cancellationToken)
    {
        var (exit, _, error) = await DockerCli.RunAsync(_docker.DockerPath, ["rm", "--force", container], _docker.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (exit != 0 && !error.Contains("No such container", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"docker rm --force {container} failed (exit {exit}): {FirstLine(error)}");
        }
    }

    private async Task<string> RunAsync(List<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, output, error) = await DockerCli.RunAsync(_docker.DockerPath, arguments, _docker.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return exit == 0 ? output : throw new InvalidOperationException($"docker {arguments[0]} failed (exit {exit}): {FirstLine(error)}");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : "no error output";
}
