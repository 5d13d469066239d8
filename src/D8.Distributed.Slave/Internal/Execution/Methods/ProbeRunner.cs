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

    /// <summary>
    /// Runs <paramref name="program"/> once to read <c>sys.executable</c> (the interpreter behind a shim) and
    /// <c>sys.version</c>: the resolution, or why it could not be read.
    /// </summary>
    public async Task<(ResolvedInterpreter? Interpreter, string? Failure)> ResolveInterpreterAsync(string program, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, ["-c", "import sys; print(sys.executable); print(sys.version)"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return (null, Describe(result));
        }

        // sys.version may itself span lines (older builds put the compiler on a second one): everything after the first line.
        var output = result.Output.Replace("\r\n", "\n", StringComparison.Ordinal);
        var newline = output.IndexOf('\n', StringComparison.Ordinal);
        var executable = newline < 0 ? output.Trim() : output[..newline].Trim();
        var version = newline < 0 ? string.Empty : output[(newline + 1)..].Trim();
        return (ResolvedInterpreter.From(program, executable, version.Length == 0 ? null : version), null);
    }

    public static string Describe(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.StartError
            ?? (result.TimedOut ? "the probe timed out" : $"exit code {result.ExitCode}: {result.Error.Trim()}");
    }
}
