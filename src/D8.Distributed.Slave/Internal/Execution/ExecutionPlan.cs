namespace D8.Distributed.Slave.Internal;

/// <summary>A validated execute request: the chosen method and the process to run for it.</summary>
internal sealed record ExecutionPlan(string Method, ProcessSpec Process);
