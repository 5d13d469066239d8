namespace D8.Distributed.Slave.Internal;

/// <summary>One process to run: an executable with its argument vector (never through a shell), and its limits.</summary>
internal sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string>? Environment,
    string? Stdin,
    TimeSpan Timeout,
    int MaxOutputBytes)
{
    /// <summary>Gets what runs after the process tree was killed and has exited (<see cref="ProcessCommand.AfterKill"/>).</summary>
    public Func<Task>? AfterKill { get; init; }
}
