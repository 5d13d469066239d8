namespace D8.Distributed.Slave.Internal;

/// <summary>An executable and its argument vector, run without a shell.</summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Gets what to do once the process tree was killed (timeout, cancel, shutdown) to stop what the process started
    /// outside its own tree, such as a container on the Docker engine; <see langword="null"/> when there is nothing.
    /// </summary>
    public Func<Task>? AfterKill { get; init; }
}
