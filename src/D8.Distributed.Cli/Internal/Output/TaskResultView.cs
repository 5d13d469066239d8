namespace D8.Distributed.Cli.Internal;

/// <summary>The result of <c>exec</c>, for --json.</summary>
internal sealed record TaskResultView(
    string TaskId,
    string SlaveId,
    bool Success,
    int? ExitCode,
    bool TimedOut,
    string Method,
    string Output,
    string Error,
    long? DurationMs);
