namespace D8.Distributed.Core;

/// <summary>A task write made by another process (see <see cref="ITaskStoreChangeFeed"/>).</summary>
public sealed class TaskStoreChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments of one task's write.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">The task's status after the write.</param>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is <see langword="null"/> or empty.</exception>
    public TaskStoreChangedEventArgs(string taskId, D8TaskStatus status)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        TaskId = taskId;
        Status = status;
    }

    private TaskStoreChangedEventArgs()
    {
    }

    /// <summary>
    /// Gets the arguments that say "changes may have been missed" (the feed reconnected): every task may have changed.
    /// </summary>
    public static TaskStoreChangedEventArgs Missed { get; } = new();

    /// <summary>Gets the id of the task written, or <see langword="null"/> for <see cref="Missed"/>.</summary>
    public string? TaskId { get; }

    /// <summary>Gets the task's status after the write (meaningless for <see cref="Missed"/>).</summary>
    public D8TaskStatus Status { get; }
}
