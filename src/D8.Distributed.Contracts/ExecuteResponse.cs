namespace D8.Distributed.Contracts;

/// <summary>
/// The 200 body of <c>POST /api/execute</c>. The first four members are the old Python slave's fields; the rest are
/// ours and optional when reading a response from an old slave.
/// </summary>
public sealed record ExecuteResponse
{
    /// <summary>Gets whether the process exited with code 0 within its time limit.</summary>
    public required bool Success { get; init; }

    /// <summary>Gets the captured standard output (cut at the slave's cap).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>Gets the captured standard error, or the reason the task could not run.</summary>
    public string Error { get; init; } = string.Empty;

    /// <summary>Gets the execution method actually used.</summary>
    public string Method { get; init; } = ExecutionMethod.Python;

    /// <summary>Gets the process exit code; <see langword="null"/> when it was killed or never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets whether the task was killed for exceeding its time limit.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// Gets whether the task was cancelled by <c>POST /api/tasks/{task_id}/cancel</c>: its process tree was killed, or it
    /// never started because it was still waiting for a slot.
    /// </summary>
    public bool Cancelled { get; init; }

    /// <summary>Gets how long the task ran, in milliseconds.</summary>
    public long? DurationMs { get; init; }

    /// <summary>Gets whether <see cref="Output"/> was cut at the cap.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Gets whether <see cref="Error"/> was cut at the cap.</summary>
    public bool ErrorTruncated { get; init; }

    /// <summary>Gets the task id the request carried (or the one the slave assigned).</summary>
    public string? TaskId { get; init; }
}
