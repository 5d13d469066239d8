using System.Diagnostics.CodeAnalysis;
using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Internal;

/// <summary>The executor's answer to an execute request: a task result, or why none was produced.</summary>
internal sealed record ExecutionResult
{
    private ExecutionResult(ExecutionResultKind kind, ExecuteResponse? response, string? message)
    {
        Kind = kind;
        Response = response;
        Message = message;
    }

    public ExecutionResultKind Kind { get; }

    /// <summary>Gets the task's result when <see cref="Kind"/> is <see cref="ExecutionResultKind.Completed"/>.</summary>
    public ExecuteResponse? Response { get; }

    /// <summary>Gets the one-line reason when the task did not run.</summary>
    public string? Message { get; }

    /// <summary>Gets whether the task ran (so its result is worth keeping for retries).</summary>
    [MemberNotNullWhen(true, nameof(Response))]
    [MemberNotNullWhen(false, nameof(Message))]
    public bool IsCompleted => Kind == ExecutionResultKind.Completed;

    public static ExecutionResult Completed(ExecuteResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(ExecutionResultKind.Completed, response, null);
    }

    public static ExecutionResult Refused(string message) => NotRun(ExecutionResultKind.Refused, message);

    public static ExecutionResult Busy(string message) => NotRun(ExecutionResultKind.Busy, message);

    public static ExecutionResult Draining(string message) => NotRun(ExecutionResultKind.Draining, message);

    public static ExecutionResult UnknownTask(string taskId) => NotRun(ExecutionResultKind.UnknownTask, UnknownTaskMessage(taskId));

    /// <summary>The one wording of "no such task" (resume-only execute, cancel, task status).</summary>
    public static string UnknownTaskMessage(string taskId) => $"Unknown task '{taskId}'";

    private static ExecutionResult NotRun(ExecutionResultKind kind, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(kind, null, message);
    }
}
