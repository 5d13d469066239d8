using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>Runs the short programs the probes need (<c>docker info</c>, <c>python -c ...</c>) within <see cref="D8SlaveOptions.ProbeTimeout"/>.</summary>
internal sealed class ProbeRunner(ProcessRunner runner, IOptions<D8SlaveOptions> options)
{
    private const int MaxOutputBytes = 64 * 1024;

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        runner.RunAsync(
            new ProcessSpec(fileName, arguments, Path.GetTempPath(), Environment: null, Stdin: null, options.Value.ProbeTimeout, MaxOutputBytes),
            cancellationToken);

    /// <summary>Reads <c>sys.version</c> from <paramref name="interpreter"/>: the version, or why it could not.</summary>
    public async Task<(string? Version, string? Failure)> ReadPythonVersionAsync(string interpreter, CancellationToken cancellationToken)
    {
        var result = await RunAsync(interpreter, ["-c", "import sys; print(sys.version)"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? (result.Output.Trim(), null) : (null, Describe(result));
    }

    public static string Describe(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.StartError
            ?? (result.TimedOut ? "the probe timed out" : $"exit code {result.ExitCode}: {result.Error.Trim()}");
    }
}
