namespace D8.Distributed.Core;

/// <summary>The answer to <see cref="ITaskQueue.CancelAsync"/>.</summary>
/// <param name="Cancelled">
/// Whether this call cancelled the task; <see langword="false"/> when it was already final (then <paramref name="Task"/>
/// shows how it ended).
/// </param>
/// <param name="Task">The task after the call.</param>
public sealed record D8TaskCancelResult(bool Cancelled, D8TaskInfo Task);
