using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>&lt;VenvPath&gt;/bin/python -c &lt;command&gt;</c>: offered when the configured virtualenv's interpreter exists.
/// That path is run as it is (usually a symbolic link to the base interpreter): Python finds its virtualenv from the
/// path it was started by, so following the link would leave the virtualenv. Only when <c>bin/python</c> is itself a
/// script (a shim, <c>#!</c>) does the probe run it once and tasks run the <c>sys.executable</c> it reports — which
/// for a virtualenv's interpreter is again a path inside a virtualenv, not the base interpreter behind it.
/// </summary>
internal sealed class VenvMethod(IOptions<D8SlaveOptions> options, ProbeRunner probes, ILogger<VenvMethod> logger) : IExecutionMethod
{
    private readonly string? _venvPath = options.Value.VenvPath;
    private volatile ResolvedInterpreter? _resolved;

    public string Name => ExecutionMethod.Venv;

    public bool ChosenByAuto => true;

    public string Requirement => "venv needs D8:Slave:VenvPath pointing at a virtualenv with bin/python";

    public async Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_venvPath))
        {
            return MethodProbe.Disabled("D8:Slave:VenvPath is not set");
        }

        var candidate = OperatingSystem.IsWindows()
            ? Path.Combine(_venvPath, "Scripts", "python.exe")
            : Path.Combine(_venvPath, "bin", "python");
        if (!File.Exists(candidate))
        {
            return MethodProbe.Unavailable($"'{candidate}' does not exist");
        }

        var interpreter = Path.GetFullPath(candidate);
        if (!IsScript(interpreter))
        {
            // Existence is the test (spawning it is left to the version fallback, when no native python reports one).
            _resolved = null;
            return MethodProbe.Available(interpreter, pythonInterpreter: interpreter);
        }

        if (_resolved is not { } resolved || !resolved.StillHolds(interpreter))
        {
            var (found, failure) = await probes.ResolveInterpreterAsync(interpreter, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                _resolved = null;
                return MethodProbe.Unavailable($"'{interpreter}' is a script and failed: {failure}");
            }

            if (found.IsResolved)
            {
                Log.InterpreterResolved(logger, Name, interpreter, found.Interpreter);
            }

            _resolved = resolved = found;
        }

        // The version is not offered: health reports the native interpreter's first, as without a shim.
        return MethodProbe.Available(resolved.Interpreter, pythonInterpreter: resolved.Interpreter);
    }

    public ProcessCommand Plan(MethodInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var program = invocation.Probe.Executable!;
        if (_resolved is { } resolved && string.Equals(resolved.Interpreter, program, StringComparison.Ordinal))
        {
            program = resolved.ProgramForTask(() => Log.ResolvedInterpreterGone(logger, Name, resolved.Interpreter, resolved.Configured));
        }

        return new ProcessCommand(program, ["-c", invocation.Command]);
    }

    /// <summary>Whether <paramref name="path"/> is a regular file (not a symbolic link) that starts with <c>#!</c>.</summary>
    internal static bool IsScript(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return false;
        }

        Span<byte> start = stackalloc byte[2];
        try
        {
            using var file = File.OpenRead(path);
            return file.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && start[0] == (byte)'#' && start[1] == (byte)'!';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
