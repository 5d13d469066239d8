namespace D8.Distributed.Core;

/// <summary>Counts over the task store, for dashboards and health checks.</summary>
/// <param name="Queued">Tasks waiting for a slave.</param>
/// <param name="Running">Tasks sent to a slave.</param>
/// <param name="FinishedLastHour">Tasks that reached a final state in the last hour.</param>
/// <param name="Capacity">The queue's bound (<see cref="D8TaskQueueOptions.MaxQueuedTasks"/>).</param>
public sealed record D8QueueStatistics(int Queued, int Running, int FinishedLastHour, int Capacity);
