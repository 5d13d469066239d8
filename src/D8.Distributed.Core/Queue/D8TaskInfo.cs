using D8.Distributed.Core.Internal;

namespace D8.Distributed.Core;

/// <summary>
/// A task as the queue stores it: what was asked (the <see cref="D8Task"/> fields), where it stands, and how it ended.
/// Records are immutable snapshots; a store changes a task by replacing its record (see <see cref="ITaskStore"/>).
/// </summary>
public sealed record D8TaskInfo
{
    /// <summary>Gets the task id: the idempotency key on the queue and on every slave it is sent to.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets the Python source, or the shell command line when <see cref="Method"/> is <c>shell</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the execution method asked for (<c>auto</c> lets the slave choose).</summary>
    public required string Method { get; init; }

    /// <summary>Gets the task type (for the latency statistics and the dashboard).</summary>
    public required string TaskType { get; init; }

    /// <summary>Gets the capabilities or labels the slave must have.</summary>
    public IReadOnlyList<string> RequiredCapabilities { get; init; } = [];

    /// <summary>Gets the priority, 0–9: higher starts first; FIFO within a priority.</summary>
    public int Priority { get; init; } = D8Task.DefaultPriority;

    /// <summary>Gets the time limit; <see langword="null"/> for the master's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the id of the only slave the task may run on; <see langword="null"/> to let the selector choose.</summary>
    public string? RequestedSlaveId { get; init; }

    /// <summary>Gets the working directory on the slave; <see langword="null"/> for the slave's default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Gets the environment variables for the process while the task is queued or running; cleared when it ends (only
    /// <see cref="EnvironmentNames"/> is kept, so a secret passed this way does not stay in the store).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Gets the names of the environment variables the task was given (kept after it ends).</summary>
    public IReadOnlyList<string> EnvironmentNames { get; init; } = [];

    /// <summary>Gets the text written to the process's standard input.</summary>
    public string? Stdin { get; init; }

    /// <summary>
    /// Gets how many times the task may be run again after it was <see cref="D8TaskStatus.Lost"/> (its slave forgot it
    /// across a master restart). 0, the default, never runs a task twice.
    /// </summary>
    public int MaxRetries { get; init; }

    /// <summary>Gets who queued the task (for example <c>cli</c>, <c>api</c>, an application name); free text.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Gets where the task stands.</summary>
    public D8TaskStatus Status { get; init; }

    /// <summary>Gets the order of arrival, assigned by the store when the task is added: increasing, never reused.</summary>
    public long Sequence { get; init; }

    /// <summary>
    /// Gets the record's version, assigned by the store: 1 when added, one more after each successful
    /// <see cref="ITaskStore.TryUpdateAsync"/>. An update based on an older version is refused.
    /// </summary>
    public long Version { get; init; }

    /// <summary>Gets when the task was queued.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Gets when the task was last sent to a slave.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the task reached its final state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets the slave the task runs on, or ran on last.</summary>
    public string? SlaveId { get; init; }

    /// <summary>Gets how many times the task was sent to a slave (failovers and retries included).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the process exit code, when it ran to an exit.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets the captured standard output (capped).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>Gets the captured standard error (capped), or why the task could not run.</summary>
    public string Error { get; init; } = string.Empty;

    /// <summary>Gets whether <see cref="Output"/> was cut (by the slave or by the store's cap).</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Gets whether <see cref="Error"/> was cut (by the slave or by the store's cap).</summary>
    public bool ErrorTruncated { get; init; }

    /// <summary>Gets the execution method the slave used, once it answered.</summary>
    public string? MethodUsed { get; init; }

    /// <summary>Gets the run time the slave reported, once it answered.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Gets why the task ended without a slave's answer, or was re-queued: cancelled by whom, lost and why, refused by
    /// the slave, every slave failed in transport. <see langword="null"/> when the slave's answer says it all.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>Gets the predicted run time when the task was assigned, when the selector made one.</summary>
    public TimeSpan? PredictedDuration { get; init; }

    /// <summary>Gets whether the task is final (see <see cref="D8TaskStatusNames.IsFinal"/>).</summary>
    public bool IsFinal => Status.IsFinal();

    /// <summary>
    /// Gets how far <see cref="PredictedDuration"/> was from the run time: |actual − predicted| / actual (0.25 = off by
    /// 25 %), for a task that ran to an exit code on a slave with a prediction and a run time above zero; otherwise
    /// <see langword="null"/>. The same figure the metric <c>d8.task.prediction_error</c> records.
    /// </summary>
    /// <returns>The relative error, or <see langword="null"/> when there is nothing to compare.</returns>
    public double? GetPredictionError() =>
        PredictedDuration is { } predicted && DurationModel.Sample(this) is { } sample && sample.Duration > TimeSpan.Zero
            ? Math.Abs((sample.Duration - predicted).TotalMilliseconds) / sample.Duration.TotalMilliseconds
            : null;
}
