namespace D8.Distributed.Slave.Internal;

/// <summary>One execution method and what its last probe found.</summary>
internal sealed record MethodState(IExecutionMethod Method, MethodProbe Probe);
