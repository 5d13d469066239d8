namespace D8.Distributed.Slave.Internal;

/// <summary>A validated request as an execution method sees it when it plans the process.</summary>
/// <param name="Command">The Python source (a shell command line for <c>shell</c>); never empty.</param>
/// <param name="WorkingDirectory">The existing absolute directory the task runs in.</param>
/// <param name="Environment">The request's extra environment variables (valid names), or <see langword="null"/>.</param>
/// <param name="Probe">What the last probe found for the method; available.</param>
internal sealed record MethodInvocation(
    string Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string>? Environment,
    MethodProbe Probe)
{
    /// <summary>Gets the task's id: the request's <c>task_id</c>, or one the slave made up for a request without one.</summary>
    public string TaskId { get; init; } = Guid.NewGuid().ToString("N");
}
