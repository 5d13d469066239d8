using D8.Distributed.Slave.Internal;

namespace D8.Distributed.Slave.Tests.Internal;

/// <summary>
/// A method the slave does not ship: proof that a new method is one class plus one registration. It runs
/// <c>/bin/sh -c 'printf "echo:%s\n" "$1"' sh &lt;command&gt;</c>, so the command comes back verbatim.
/// </summary>
internal sealed class EchoMethod : IExecutionMethod
{
    public const string MethodName = "echo";

    public string Name => MethodName;

    public bool ChosenByAuto { get; init; }

    public string Requirement => "echo needs /bin/sh";

    public Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists("/bin/sh") ? MethodProbe.Available("/bin/sh") : MethodProbe.Unavailable("'/bin/sh' does not exist"));

    public ProcessCommand Plan(MethodInvocation invocation) =>
        new(invocation.Probe.Executable!, ["-c", "printf 'echo:%s\\n' \"$1\"", "sh", invocation.Command]);
}
