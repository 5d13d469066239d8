namespace D8.Distributed.Contracts;

/// <summary>
/// The body of <c>POST /api/v1/tasks</c>: a task for the master's queue. Only <see cref="Command"/> is required; a
/// <see cref="TaskId"/> already known returns that task (idempotent submit).
/// </summary>
public sealed record TaskSubmitRequest
{
    /// <summary>Gets the Python source to run, or a shell command line when <see cref="Method"/> is <c>shell</c> (required).</summary>
    public string? Command { get; init; }

    /// <summary>Gets the execution method (<see cref="ExecutionMethod"/>); <see langword="null"/> means <c>auto</c>.</summary>
    public string? Method { get; init; }

    /// <summary>Gets the time limit in seconds; <see langword="null"/> for the master's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Gets the task type (latency statistics, dashboard); <see langword="null"/> for <c>default</c>.</summary>
    public string? TaskType { get; init; }

    /// <summary>Gets the priority, 0–9, higher first; <see langword="null"/> for 5.</summary>
    public int? Priority { get; init; }

    /// <summary>Gets the capabilities or labels the slave must have (for example <c>docker</c>, <c>gpu</c>).</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>Gets the id of the only slave the task may run on; <see langword="null"/> to let the master choose.</summary>
    public string? SlaveId { get; init; }

    /// <summary>Gets extra environment variables for the process (their values are not kept once the task ends).</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Gets text written to the process's standard input.</summary>
    public string? Stdin { get; init; }

    /// <summary>Gets how many times a lost task may be run again; <see langword="null"/> for 0 (never twice).</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Gets the idempotency key; <see langword="null"/> to have the master generate one.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the working directory on the slave; <see langword="null"/> for the slave's default.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Gets who submits the task (for example <c>cli</c>, an application name); <see langword="null"/> for <c>api</c>.</summary>
    public string? SubmittedBy { get; init; }
}
