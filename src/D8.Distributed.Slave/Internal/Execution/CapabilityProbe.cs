using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Probes the execution methods (python version, venv interpreter, <c>docker info</c>, <c>/bin/sh</c>) and keeps the
/// result as a snapshot that health and execute read without spawning anything.
/// </summary>
internal sealed class CapabilityProbe(
    IOptions<D8SlaveOptions> options,
    ExecutableLocator locator,
    ProcessRunner runner,
    TimeProvider timeProvider,
    ILogger<CapabilityProbe> logger) : IDisposable
{
    internal const string ShellPath = "/bin/sh";

    private readonly D8SlaveOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CapabilitySnapshot _current = CapabilitySnapshot.None;
    private int _probeCount;

    public CapabilitySnapshot Current => _current;

    /// <summary>Gets how many probes ran: a seam for tests that health never probes per call.</summary>
    public int ProbeCount => Volatile.Read(ref _probeCount);

    public async Task<CapabilitySnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _probeCount);
            var python = ProbePythonAsync(cancellationToken);
            var docker = ProbeDockerAsync(cancellationToken);
            var venvPython = FindVenvPython();
            var (pythonPath, pythonVersion) = await python.ConfigureAwait(false);
            var dockerPath = await docker.ConfigureAwait(false);
            var shell = _options.AllowShell && File.Exists(ShellPath);

            if (pythonVersion is null && venvPython is not null)
            {
                // No native interpreter: report the virtualenv's version rather than nothing.
                pythonVersion = await ReadVersionAsync(venvPython, cancellationToken).ConfigureAwait(false);
            }

            var methods = new ExecutionMethods(dockerPath is not null, venvPython is not null, pythonPath is not null, shell);
            var snapshot = new CapabilitySnapshot(methods, pythonVersion ?? "unavailable", pythonPath, venvPython, dockerPath, timeProvider.GetUtcNow());
            _current = snapshot;
            Log.CapabilitiesProbed(logger, methods.Docker, methods.Venv, methods.Python, methods.Shell, snapshot.PythonVersion);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Path, string? Version)> ProbePythonAsync(CancellationToken cancellationToken)
    {
        var path = locator.Find(_options.PythonExecutable);
        if (path is null)
        {
            Log.ProbeFailed(logger, ExecutionMethod.Python, $"'{_options.PythonExecutable}' was not found");
            return (null, null);
        }

        var version = await ReadVersionAsync(path, cancellationToken).ConfigureAwait(false);
        return version is null ? (null, null) : (path, version);
    }

    private async Task<string?> ReadVersionAsync(string interpreter, CancellationToken cancellationToken)
    {
        var result = await RunProbeAsync(interpreter, ["-c", "import sys; print(sys.version)"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            Log.ProbeFailed(logger, ExecutionMethod.Python, Describe(result));
            return null;
        }

        return result.Output.Trim();
    }

    private string? FindVenvPython()
    {
        if (string.IsNullOrWhiteSpace(_options.VenvPath))
        {
            return null;
        }

        var candidate = OperatingSystem.IsWindows()
            ? Path.Combine(_options.VenvPath, "Scripts", "python.exe")
            : Path.Combine(_options.VenvPath, "bin", "python");
        if (File.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }

        Log.ProbeFailed(logger, ExecutionMethod.Venv, $"'{candidate}' does not exist");
        return null;
    }

    private async Task<string?> ProbeDockerAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.DockerImage))
        {
            return null;
        }

        var path = locator.Find(_options.DockerExecutable);
        if (path is null)
        {
            Log.ProbeFailed(logger, ExecutionMethod.Docker, $"'{_options.DockerExecutable}' was not found");
            return null;
        }

        var result = await RunProbeAsync(path, ["info"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            Log.ProbeFailed(logger, ExecutionMethod.Docker, Describe(result));
            return null;
        }

        return path;
    }

    private Task<ProcessResult> RunProbeAsync(string fileName, string[] arguments, CancellationToken cancellationToken) =>
        runner.RunAsync(
            new ProcessSpec(fileName, arguments, Path.GetTempPath(), Environment: null, Stdin: null, _options.ProbeTimeout, MaxOutputBytes: 64 * 1024),
            cancellationToken);

    public void Dispose() => _gate.Dispose();

    private static string Describe(ProcessResult result) =>
        result.StartError
        ?? (result.TimedOut ? "the probe timed out" : $"exit code {result.ExitCode}: {result.Error.Trim()}");
}
