namespace D8.Distributed.Core;

/// <summary>One entry of the <see cref="ITaskHistory"/>: a dispatched task and how it ended.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="SlaveId">The slave that ran it (or last failed it); <see langword="null"/> when no slave was eligible.</param>
/// <param name="Method">The execution method the slave used, or the one requested when it never ran.</param>
/// <param name="TaskType">The task type.</param>
/// <param name="StartedAt">When the dispatch began.</param>
/// <param name="Duration">How long the dispatch took, failovers included.</param>
/// <param name="Success">Whether the task ran and exited with code 0.</param>
/// <param name="ExitCode">The process exit code, when it ran to an exit.</param>
/// <param name="Output">The first lines of the standard output.</param>
/// <param name="Error">The first lines of the standard error, or why the dispatch failed.</param>
public sealed record DispatchedTask(
    string TaskId,
    string? SlaveId,
    string Method,
    string TaskType,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    bool Success,
    int? ExitCode,
    string Output,
    string Error);
