using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>/bin/sh -c &lt;command&gt;</c>, only when a request names it: <c>auto</c> never chooses it, since <c>command</c>
/// is Python source everywhere else. Offered when <see cref="D8SlaveOptions.AllowShell"/> is on and <c>/bin/sh</c> exists.
/// </summary>
internal sealed class ShellMethod(IOptions<D8SlaveOptions> options) : IExecutionMethod
{
    internal const string ShellPath = "/bin/sh";

    private readonly bool _allowed = options.Value.AllowShell;

    public string Name => ExecutionMethod.Shell;

    public bool ChosenByAuto => false;

    public string Requirement => "shell needs D8:Slave:AllowShell and /bin/sh";

    public Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = !_allowed ? MethodProbe.Disabled("D8:Slave:AllowShell is off")
            : File.Exists(ShellPath) ? MethodProbe.Available(ShellPath)
            : MethodProbe.Unavailable($"'{ShellPath}' does not exist");
        return Task.FromResult(probe);
    }

    public ProcessCommand Plan(MethodInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new ProcessCommand(invocation.Probe.Executable!, ["-c", invocation.Command]);
    }
}
