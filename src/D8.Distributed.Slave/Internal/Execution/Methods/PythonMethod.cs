using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>python3 -c &lt;command&gt;</c> with the native interpreter (<see cref="D8SlaveOptions.PythonExecutable"/>):
/// offered when it is found and answers <c>sys.version</c>, which is also the version health reports.
/// </summary>
internal sealed class PythonMethod(IOptions<D8SlaveOptions> options, ExecutableLocator locator, ProbeRunner probes) : IExecutionMethod
{
    private readonly string _pythonExecutable = options.Value.PythonExecutable;

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

        var (version, failure) = await probes.ReadPythonVersionAsync(path, cancellationToken).ConfigureAwait(false);
        return version is null
            ? MethodProbe.Unavailable(failure!)
            : MethodProbe.Available(path, pythonInterpreter: path, pythonVersion: version);
    }

    public ProcessCommand Plan(MethodInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new ProcessCommand(invocation.Probe.Executable!, ["-c", invocation.Command]);
    }
}
