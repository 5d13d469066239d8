namespace D8.Distributed.Slave.Internal;

/// <summary>What a <see cref="ProcessSpec"/> run produced.</summary>
internal sealed record ProcessResult
{
    public int? ExitCode { get; init; }

    public string Output { get; init; } = string.Empty;

    public string Error { get; init; } = string.Empty;

    public bool OutputTruncated { get; init; }

    public bool ErrorTruncated { get; init; }

    /// <summary>Gets whether the process tree was killed because the time limit passed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Gets whether the process tree was killed because the caller cancelled (client gone, shutdown).</summary>
    public bool Cancelled { get; init; }

    /// <summary>Gets why the process could not be started, or <see langword="null"/>.</summary>
    public string? StartError { get; init; }

    public TimeSpan Duration { get; init; }
}
