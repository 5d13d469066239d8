using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>&lt;interpreter&gt; -c &lt;command&gt;</c> with the native interpreter (<see cref="D8SlaveOptions.PythonExecutable"/>):
/// offered when it is found and answers. The probe runs it once to read <c>sys.executable</c> and <c>sys.version</c>
/// (the version health reports), and tasks run <c>sys.executable</c>: behind a version manager's shim (pyenv, asdf)
/// that is the real interpreter, so no task pays for the shim. Later probes spawn nothing while neither file changed;
/// when the resolved interpreter disappears, tasks run the configured program until the next probe resolves again.
/// </summary>
internal sealed class PythonMethod(IOptions<D8SlaveOptions> options, ExecutableLocator locator, ProbeRunner probes, ILogger<PythonMethod> logger) : IExecutionMethod
{
    private readonly string _pythonExecutable = options.Value.PythonExecutable;
    private volatile ResolvedInterpreter? _resolved;

    public string Name => ExecutionMethod.Python;

    public bool ChosenByAuto => true;

    public string Requirement => "no python interpreter was found; see D8:Slave:PythonExecutable";

    public async Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        var path = locator.Find(_pythonExecutable);
        if (path is null)
        {
            return MethodProbe.Unavailable($"'{_pythonExecutable}' was not found");
        }

        if (_resolved is not { } resolved || !resolved.StillHolds(path))
        {
            var (found, failure) = await probes.ResolveInterpreterAsync(path, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                _resolved = null;
                return MethodProbe.Unavailable(failure!);
            }

            if (found.IsResolved)
            {
                Log.InterpreterResolved(logger, Name, path, found.Interpreter);
            }

            _resolved = resolved = found;
        }

        return MethodProbe.Available(resolved.Interpreter, pythonInterpreter: resolved.Interpreter, pythonVersion: resolved.Version);
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
}
