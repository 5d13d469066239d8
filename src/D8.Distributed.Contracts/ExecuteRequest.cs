namespace D8.Distributed.Contracts;

/// <summary>
/// The body of <c>POST /api/execute</c>. <see cref="Command"/> and <see cref="WorkingDir"/> are the old fields;
/// the others are ours and optional.
/// </summary>
public sealed record ExecuteRequest
{
    /// <summary>Gets the Python source to run, or a shell command line when <see cref="Method"/> is <c>shell</c>.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the directory to run in; <see langword="null"/> for the slave's default.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Gets the idempotency key: the same id sent again never runs the command twice.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the execution method (<see cref="ExecutionMethod"/>); <see langword="null"/> means <c>auto</c>.</summary>
    public string? Method { get; init; }

    /// <summary>Gets the time limit in seconds; <see langword="null"/> for the slave's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Gets extra environment variables for the process.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Gets text written to the process's standard input.</summary>
    public string? Stdin { get; init; }

    /// <summary>
    /// Gets whether the slave may only join or answer a task it already knows by <see cref="TaskId"/> (a master
    /// re-joining after a restart): when the id is unknown it answers 404 and runs nothing. Requires <see cref="TaskId"/>.
    /// </summary>
    public bool ResumeOnly { get; init; }
}
