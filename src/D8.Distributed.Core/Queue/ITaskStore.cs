namespace D8.Distributed.Core;

/// <summary>
/// Where the task queue keeps its tasks, record by record. The embedded default is SQLite (<c>&lt;data dir&gt;/tasks.db</c>);
/// an in-memory store serves tests; PostgreSQL serves several masters. Every store passes the same conformance suite.
/// </summary>
/// <remarks>
/// Concurrency is optimistic: every record carries a <see cref="D8TaskInfo.Version"/>, and
/// <see cref="TryUpdateAsync"/> replaces a record only when the stored version is the one the caller read. A store is
/// durable when its methods return: a task added, or an update made, survives a crash of the process right after.
/// Stores create and migrate their schema themselves, on first use.
/// </remarks>
public interface ITaskStore
{
    /// <summary>
    /// Adds a task in state <see cref="D8TaskStatus.Queued"/>, assigning its <see cref="D8TaskInfo.Sequence"/> (increasing,
    /// never reused) and <see cref="D8TaskInfo.Version"/> 1. A task id already stored is not added again: the stored
    /// record is returned. When <paramref name="maxQueued"/> tasks are queued already, nothing is added.
    /// </summary>
    /// <param name="task">The task; its status, sequence and version are ignored.</param>
    /// <param name="maxQueued">The queue's bound, checked atomically with the insert.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened, and the stored record.</returns>
    Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default);

    /// <summary>Returns a task by id.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task, or <see langword="null"/> when the store does not hold it.</returns>
    Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Returns a page of tasks, newest (highest sequence) first.</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Returns queued tasks in the order they should start: priority (higher first), then sequence (FIFO).</summary>
    /// <param name="limit">How many at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queued tasks, in start order.</returns>
    Task<IReadOnlyList<D8TaskInfo>> GetQueuedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a task's record when the stored one still has <paramref name="task"/>'s <see cref="D8TaskInfo.Version"/>;
    /// the stored record then gets that version plus one. The task id and sequence never change.
    /// </summary>
    /// <param name="task">The new record, carrying the version it was read at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored record after the update, or <see langword="null"/> when the task changed meanwhile (or is gone).</returns>
    Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default);

    /// <summary>Counts the tasks per status.</summary>
    /// <param name="finishedSince">Also counts the tasks that reached a final state at or after this time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes final tasks that finished before <paramref name="finishedBefore"/>, and the oldest final tasks beyond
    /// the newest <paramref name="keepFinished"/>. Queued and running tasks are never deleted.
    /// </summary>
    /// <param name="finishedBefore">The age bound.</param>
    /// <param name="keepFinished">The count bound.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many tasks were deleted.</returns>
    Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default);
}
