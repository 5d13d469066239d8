namespace D8.Distributed.Contracts;

/// <summary>A page of tasks, newest first (<c>GET /api/v1/tasks</c>).</summary>
public sealed record TaskPageResponse
{
    /// <summary>Gets the tasks of the page.</summary>
    public IReadOnlyList<TaskResponse> Tasks { get; init; } = [];

    /// <summary>Gets the <c>before</c> of the next page; <see langword="null"/> on the last page.</summary>
    public long? NextBefore { get; init; }
}
