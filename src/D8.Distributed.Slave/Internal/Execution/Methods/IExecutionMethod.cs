namespace D8.Distributed.Slave.Internal;

/// <summary>
/// One way of running a task (docker, venv, python, shell): its wire name, whether <c>auto</c> may choose it, a probe
/// that says whether this machine can use it (and why not), and the plan that turns a validated request into the
/// process to run. Implementations are registered with <c>TryAddEnumerable</c>; the registration order is the order
/// in which <c>auto</c> tries them and in which health lists them.
/// </summary>
internal interface IExecutionMethod
{
    /// <summary>Gets the wire name (<c>method</c> in requests and responses), unique among the registered methods.</summary>
    string Name { get; }

    /// <summary>Gets whether <c>method: auto</c> may choose this method (it runs Python source).</summary>
    bool ChosenByAuto { get; }

    /// <summary>Gets what the method needs, in words that name the settings; said when a request asks for it in vain.</summary>
    string Requirement { get; }

    /// <summary>Finds out whether the method can be used on this machine. Runs at start-up and on every refresh, never per request.</summary>
    Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Builds the argument vector for a validated request; only called with an available <see cref="MethodInvocation.Probe"/>.</summary>
    ProcessCommand Plan(MethodInvocation invocation);
}
