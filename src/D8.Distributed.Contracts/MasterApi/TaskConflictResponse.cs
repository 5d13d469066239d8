namespace D8.Distributed.Contracts;

/// <summary>The 409 body of <c>POST /api/v1/tasks/{id}/cancel</c> for a task that is already final: why, and the task.</summary>
/// <param name="Error">Names the task and how it ended.</param>
/// <param name="Task">The task as it ended.</param>
public sealed record TaskConflictResponse(string Error, TaskResponse Task);
