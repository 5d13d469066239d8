namespace D8.Distributed.Contracts;

/// <summary>
/// The 200 body of <c>GET /api/tasks/{task_id}</c>: what the slave knows of a task it was given with a <c>task_id</c>
/// (ours only; the old Python slave has no such route).
/// </summary>
public sealed record SlaveTaskStatusResponse
{
    /// <summary>The <see cref="Status"/> of a task that is running or still waiting for a slot.</summary>
    public const string Running = "running";

    /// <summary>The <see cref="Status"/> of a task whose result the slave still keeps.</summary>
    public const string Finished = "finished";

    /// <summary>Gets the task id asked about.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets <see cref="Running"/> or <see cref="Finished"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the task's result once <see cref="Status"/> is <see cref="Finished"/>; <see langword="null"/> while running.</summary>
    public ExecuteResponse? Result { get; init; }
}
