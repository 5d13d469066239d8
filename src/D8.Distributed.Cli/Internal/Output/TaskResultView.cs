using System.Globalization;
using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>The result of <c>exec</c> and <c>tasks wait</c>, for --json: the same through the master and in-process.</summary>
internal sealed record TaskResultView(
    string TaskId,
    string Status,
    string SlaveId,
    bool Success,
    int? ExitCode,
    bool TimedOut,
    string Method,
    string Output,
    string Error,
    long? DurationMs,
    string? Reason)
{
    public static TaskResultView From(D8TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = result.Response;
        var status = result.Success ? D8TaskStatus.Succeeded : response.TimedOut ? D8TaskStatus.TimedOut : D8TaskStatus.Failed;
        return new TaskResultView(result.TaskId, status.ToName(), result.SlaveId, result.Success, response.ExitCode, response.TimedOut,
            response.Method, response.Output, response.Error, response.DurationMs, Reason: null);
    }

    public static TaskResultView From(TaskResponse task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskResultView(task.TaskId, task.Status, task.SlaveId ?? string.Empty, task.Succeeded, task.ExitCode, task.Status == "timed_out",
            task.MethodUsed ?? task.Method, task.Output, task.Error, task.DurationMs, task.Reason);
    }

    /// <summary>
    /// The line for a task that did not succeed: <c>task 3f… failed on pc (exit code 1)</c>, <c>task 3f… timed out on
    /// pc</c>, <c>task 3f… lost (the slave forgot it)</c>.
    /// </summary>
    public string Failure()
    {
        var on = SlaveId.Length > 0 ? $" on {SlaveId}" : string.Empty;
        var why = Reason ?? (Status == "failed" ? $"exit code {ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : null);
        return $"task {TaskId} {Status.Replace('_', ' ')}{on}{(why is null ? string.Empty : $" ({why})")}";
    }
}
