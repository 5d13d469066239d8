using D8.Distributed.Contracts;

namespace D8.Distributed.Core;

/// <summary>The result of a dispatched task: the slave's answer and where it ran.</summary>
/// <param name="TaskId">The task id (the idempotency key sent to every slave tried).</param>
/// <param name="SlaveId">The slave that ran the task.</param>
/// <param name="Response">The slave's answer; <see cref="ExecuteResponse.Success"/> is false when the code failed.</param>
/// <param name="AttemptedSlaves">Every slave the task was sent to, in order (more than one after a failover).</param>
/// <param name="Duration">The round-trip time of the call that produced <paramref name="Response"/>.</param>
public sealed record D8TaskResult(
    string TaskId,
    string SlaveId,
    ExecuteResponse Response,
    IReadOnlyList<string> AttemptedSlaves,
    TimeSpan Duration)
{
    /// <summary>Gets whether the task ran and exited with code 0 within its time limit.</summary>
    public bool Success => Response.Success;
}
