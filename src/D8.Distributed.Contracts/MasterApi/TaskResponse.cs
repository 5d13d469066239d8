namespace D8.Distributed.Contracts;

/// <summary>
/// A task of the master's queue as the master API returns it (<c>GET /api/v1/tasks/{id}</c> and the other task calls).
/// Environment values are never returned, only their names.
/// </summary>
public sealed record TaskResponse
{
    /// <summary>Gets the task id, the idempotency key on the queue and on the slaves.</summary>
    public required string TaskId { get; init; }

    /// <summary>
    /// Gets where the task stands: <c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>timed_out</c>,
    /// <c>cancelled</c> or <c>lost</c>.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Gets the Python source, or the shell command line when <see cref="Method"/> is <c>shell</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the execution method asked for.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the task type.</summary>
    public required string TaskType { get; init; }

    /// <summary>Gets the priority, 0–9, higher first.</summary>
    public int Priority { get; init; }

    /// <summary>Gets the time limit in seconds; <see langword="null"/> for the master's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Gets the capabilities the slave must have.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the only slave the task may run on, when one was asked for.</summary>
    public string? RequestedSlaveId { get; init; }

    /// <summary>Gets the slave the task runs on, or ran on last.</summary>
    public string? SlaveId { get; init; }

    /// <summary>Gets the working directory on the slave, when one was given.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Gets the names of the environment variables the task was given (never their values).</summary>
    public IReadOnlyList<string> EnvNames { get; init; } = [];

    /// <summary>Gets when the task was queued.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Gets when the task was last sent to a slave.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the task reached its final state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets how many times the task was sent to a slave.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the process exit code, when it ran to an exit.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets the captured standard output (capped).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>Gets the captured standard error (capped), or why the task could not run.</summary>
    public string Error { get; init; } = string.Empty;

    /// <summary>Gets whether <see cref="Output"/> was cut.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Gets whether <see cref="Error"/> was cut.</summary>
    public bool ErrorTruncated { get; init; }

    /// <summary>Gets the execution method the slave used, once it answered.</summary>
    public string? MethodUsed { get; init; }

    /// <summary>Gets the run time the slave reported, in milliseconds.</summary>
    public long? DurationMs { get; init; }

    /// <summary>Gets why the task ended without a slave's answer (cancelled, lost, refused), or was re-queued.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets how many times a lost task may be run again.</summary>
    public int MaxRetries { get; init; }

    /// <summary>Gets who submitted the task.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Gets the run time predicted when the task was assigned, in milliseconds.</summary>
    public long? PredictedDurationMs { get; init; }

    /// <summary>Gets the order of arrival: increasing, never reused (the cursor of <c>before</c>).</summary>
    public long Sequence { get; init; }

    /// <summary>Gets whether the task is final (neither <c>queued</c> nor <c>running</c>); not part of the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinal => Status is not ("queued" or "running");

    /// <summary>Gets whether the task succeeded (exit code 0 within its time limit); not part of the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Succeeded => Status == "succeeded";
}
