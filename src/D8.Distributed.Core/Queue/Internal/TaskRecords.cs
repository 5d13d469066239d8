using D8.Distributed.Contracts;

namespace D8.Distributed.Core.Internal;

/// <summary>Validation of submitted tasks and the conversions between <see cref="D8Task"/>, <see cref="D8TaskInfo"/> and the wire.</summary>
internal static class TaskRecords
{
    /// <summary>The longest task id accepted (ids travel in URLs and container names).</summary>
    public const int MaxTaskIdLength = 128;

    public static void Validate(D8Task task)
    {
        if (string.IsNullOrWhiteSpace(task.Command))
        {
            throw new ArgumentException("The task has no command: set D8Task.Command to the Python source or shell command line.", nameof(task));
        }

        if (!ExecutionMethod.IsKnown(task.Method))
        {
            throw new ArgumentException($"The task's method '{task.Method}' is not one of {string.Join(", ", ExecutionMethod.All)}.", nameof(task));
        }

        if (task.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The task's timeout {timeout} must be positive.", nameof(task));
        }

        if (string.IsNullOrWhiteSpace(task.TaskType))
        {
            throw new ArgumentException("The task's type must not be empty.", nameof(task));
        }

        if (task.Priority is < 0 or > D8Task.MaxPriority)
        {
            throw new ArgumentException($"The task's priority {task.Priority} is outside 0–{D8Task.MaxPriority} (higher runs first).", nameof(task));
        }

        if (task.MaxRetries is < 0 or > 100)
        {
            throw new ArgumentException($"The task's max_retries {task.MaxRetries} is outside 0–100.", nameof(task));
        }

        if (task.TaskId is { } id && (id.Length is 0 or > MaxTaskIdLength || !id.All(IsTaskIdChar)))
        {
            throw new ArgumentException($"The task id '{id}' must be 1–{MaxTaskIdLength} characters of letters, digits, '-', '_' and '.'.", nameof(task));
        }
    }

    public static D8TaskInfo ToInfo(D8Task task, string taskId, DateTimeOffset now) => new()
    {
        TaskId = taskId,
        Command = task.Command,
        Method = task.Method,
        TaskType = task.TaskType,
        RequiredCapabilities = task.RequiredCapabilities.ToArray(),
        Priority = task.Priority,
        Timeout = task.Timeout,
        RequestedSlaveId = task.SlaveId,
        WorkingDirectory = task.WorkingDirectory,
        Environment = task.Environment is { Count: > 0 } environment ? new Dictionary<string, string>(environment, StringComparer.Ordinal) : null,
        EnvironmentNames = task.Environment?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [],
        Stdin = task.Stdin,
        MaxRetries = task.MaxRetries,
        SubmittedBy = task.SubmittedBy,
        Status = D8TaskStatus.Queued,
        QueuedAt = now,
    };

    public static D8Task ToTask(D8TaskInfo info) => new()
    {
        Command = info.Command,
        Method = info.Method,
        Timeout = info.Timeout,
        RequiredCapabilities = info.RequiredCapabilities,
        TaskType = info.TaskType,
        TaskId = info.TaskId,
        SlaveId = info.RequestedSlaveId,
        WorkingDirectory = info.WorkingDirectory,
        Environment = info.Environment,
        Stdin = info.Stdin,
        Priority = info.Priority,
        MaxRetries = info.MaxRetries,
        SubmittedBy = info.SubmittedBy,
    };

    public static ExecuteRequest ToRequest(D8TaskInfo info, TimeSpan timeout) => new()
    {
        Command = info.Command,
        WorkingDir = info.WorkingDirectory,
        TaskId = info.TaskId,
        Method = info.Method,
        TimeoutSeconds = timeout.TotalSeconds,
        Env = info.Environment,
        Stdin = info.Stdin,
    };

    /// <summary>The record of a task that ended with the slave's answer (environment values dropped, output capped).</summary>
    public static D8TaskInfo Finish(D8TaskInfo running, ExecuteResponse response, DateTimeOffset now, int maxChars)
    {
        var (output, outputCut) = Cap(response.Output, maxChars);
        var (error, errorCut) = Cap(response.Error, maxChars);
        return running with
        {
            Status = StatusOf(response),
            FinishedAt = now,
            Environment = null,
            ExitCode = response.ExitCode,
            Output = output,
            Error = error,
            OutputTruncated = response.OutputTruncated || outputCut,
            ErrorTruncated = response.ErrorTruncated || errorCut,
            MethodUsed = response.Method,
            Duration = response.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
    }

    /// <summary>The record of a task that ended without an answer (cancelled, lost, refused, transport).</summary>
    public static D8TaskInfo End(D8TaskInfo task, D8TaskStatus status, string reason, DateTimeOffset now) => task with
    {
        Status = status,
        FinishedAt = now,
        Environment = null,
        Reason = reason,
    };

    public static D8TaskStatus StatusOf(ExecuteResponse response) =>
        response.Success ? D8TaskStatus.Succeeded
        : response.Cancelled ? D8TaskStatus.Cancelled
        : response.TimedOut ? D8TaskStatus.TimedOut
        : D8TaskStatus.Failed;

    /// <summary>A slave answer rebuilt from a stored record (for a task this process did not run itself).</summary>
    public static ExecuteResponse ToResponse(D8TaskInfo task) => new()
    {
        Success = task.Status == D8TaskStatus.Succeeded,
        Output = task.Output,
        Error = task.Error.Length > 0 ? task.Error : task.Reason ?? string.Empty,
        Method = task.MethodUsed ?? task.Method,
        ExitCode = task.ExitCode,
        TimedOut = task.Status == D8TaskStatus.TimedOut,
        DurationMs = task.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        OutputTruncated = task.OutputTruncated,
        ErrorTruncated = task.ErrorTruncated,
        TaskId = task.TaskId,
    };

    public static (string Text, bool Cut) Cap(string? text, int maxChars)
    {
        text ??= string.Empty;
        return text.Length <= maxChars ? (text, false) : (text[..maxChars], true);
    }

    private static bool IsTaskIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
