using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary><c>&lt;VenvPath&gt;/bin/python -c &lt;command&gt;</c>: offered when the configured virtualenv's interpreter exists.</summary>
internal sealed class VenvMethod(IOptions<D8SlaveOptions> options) : IExecutionMethod
{
    private readonly string? _venvPath = options.Value.VenvPath;

    public string Name => ExecutionMethod.Venv;

    public bool ChosenByAuto => true;

    public string Requirement => "venv needs D8:Slave:VenvPath pointing at a virtualenv with bin/python";

    public Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_venvPath))
        {
            return Task.FromResult(MethodProbe.Disabled("D8:Slave:VenvPath is not set"));
        }

        var candidate = OperatingSystem.IsWindows()
            ? Path.Combine(_venvPath, "Scripts", "python.exe")
            : Path.Combine(_venvPath, "bin", "python");
        if (!File.Exists(candidate))
        {
            return Task.FromResult(MethodProbe.Unavailable($"'{candidate}' does not exist"));
        }

        // Existence is the test (spawning it is left to the version fallback, when no native python reports one).
        var interpreter = Path.GetFullPath(candidate);
        return Task.FromResult(MethodProbe.Available(interpreter, pythonInterpreter: interpreter));
    }

    public ProcessCommand Plan(MethodInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new ProcessCommand(invocation.Probe.Executable!, ["-c", invocation.Command]);
    }
}
