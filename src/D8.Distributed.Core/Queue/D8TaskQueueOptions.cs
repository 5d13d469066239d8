using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.Core;

/// <summary>Options of the task queue (<c>D8:Master:Queue</c>).</summary>
public sealed class D8TaskQueueOptions
{
    /// <summary>Gets or sets how many tasks may wait at once; one more is refused (<see cref="TaskQueueFullException"/>, HTTP 503).</summary>
    [Range(1, 10_000_000)]
    public int MaxQueuedTasks { get; set; } = 10_000;

    /// <summary>Gets or sets how many finished tasks are kept; the oldest beyond it are deleted.</summary>
    [Range(1, 10_000_000)]
    public int RetainFinishedTasks { get; set; } = 10_000;

    /// <summary>Gets or sets how long finished tasks are kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RetainFinishedFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets the most characters of output, and of error, stored per task (the rest is cut and flagged).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxStoredOutputChars { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets how often the dispatcher looks at the store even when nothing signalled it (tasks queued by another
    /// process on a shared store, slaves that became free without this master knowing).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the wait suggested to a caller refused because the queue is full (<c>Retry-After</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the SQLite database of the default store; relative paths are under
    /// <see cref="D8MasterOptions.DataDirectory"/>. Defaults to <c>tasks.db</c> there.
    /// </summary>
    public string SqlitePath { get; set; } = "tasks.db";
}
