using System.Diagnostics.CodeAnalysis;

namespace D8.Distributed.Core;

/// <summary>
/// The master's durable task queue: a task is stored before <see cref="EnqueueAsync"/> returns, waits while no eligible
/// slave has capacity, and starts in priority order (0–9, higher first), FIFO within a priority. The master's hosted
/// service dispatches it (with failover) and stores its result; after a restart, running tasks are joined on their
/// slave, never run twice.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue: the name the specification and every peer (Celery, Hangfire) use.")]
public interface ITaskQueue
{
    /// <summary>
    /// Stores a task as <see cref="D8TaskStatus.Queued"/> and returns it. A <see cref="D8Task.TaskId"/> already known
    /// returns that task unchanged (idempotent submit); without one, an id is generated.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The task is invalid (no command, unknown method, priority outside 0–9, …); the message names the field.</exception>
    /// <exception cref="TaskQueueFullException">The queue is at its bound.</exception>
    Task<D8TaskInfo> EnqueueAsync(D8Task task, CancellationToken cancellationToken = default);

    /// <summary>Returns a task by id.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task, or <see langword="null"/> when unknown.</returns>
    Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Returns a page of tasks, newest first.</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The limit is outside 1–<see cref="D8TaskQuery.MaxLimit"/>.</exception>
    Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Waits until a task is final, or <paramref name="timeout"/> passes, and returns it as it is then.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> to wait until it is final.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The task (final unless the timeout passed), or <see langword="null"/> when unknown.</returns>
    Task<D8TaskInfo?> WaitAsync(string taskId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a task: a queued one is removed from the queue, a running one is killed on its slave (an old slave that
    /// cannot cancel keeps running it, but the task still ends <see cref="D8TaskStatus.Cancelled"/>).
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="reason">Who cancelled or why, stored as the task's reason; <see langword="null"/> for a plain "cancelled".</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome, or <see langword="null"/> when the task is unknown.</returns>
    Task<D8TaskCancelResult?> CancelAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the queue's counts.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Queued, running, finished in the last hour, and the bound.</returns>
    Task<D8QueueStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
