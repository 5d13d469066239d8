namespace D8.Distributed.Contracts;

/// <summary>What <see cref="D8MasterClient.CancelTaskAsync"/> did.</summary>
/// <param name="Cancelled">
/// Whether this call cancelled the task; <see langword="false"/> when it was already final (the master answered 409), and
/// <paramref name="Task"/> shows how it ended.
/// </param>
/// <param name="Task">The task after the call.</param>
public sealed record TaskCancelOutcome(bool Cancelled, TaskResponse Task);
