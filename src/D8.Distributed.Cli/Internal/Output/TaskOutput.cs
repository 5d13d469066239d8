using System.Globalization;
using System.Text;
using System.Text.Json;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Internal;

/// <summary>How the task verbs print: a result (output to stdout, error to stderr), a table, one task in full.</summary>
internal static class TaskOutput
{
    /// <summary>Prints a finished task as <c>exec</c> does; returns 0 when it succeeded, else 1.</summary>
    public static async Task<int> WriteResultAsync(CliContext context, TaskResultView result, bool json)
    {
        if (json)
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(result, CliJsonContext.Default.TaskResultView)).ConfigureAwait(false);
        }
        else
        {
            await context.Output.WriteAsync(result.Output).ConfigureAwait(false);
            await context.Error.WriteAsync(result.Error).ConfigureAwait(false);
            if (!result.Success)
            {
                if (result.Error.Length > 0 && !result.Error.EndsWith('\n'))
                {
                    await context.Error.WriteLineAsync().ConfigureAwait(false);
                }

                await context.Error.WriteLineAsync("d8-master: " + result.Failure()).ConfigureAwait(false);
            }
        }

        return result.Success ? MasterCli.Ok : MasterCli.Failed;
    }

    public static string Table(IReadOnlyList<TaskResponse> tasks)
    {
        var table = new TextTable("ID", "STATUS", "TYPE", "PRIO", "SLAVE", "QUEUED", "DURATION");
        foreach (var task in tasks)
        {
            table.AddRow(task.TaskId, task.Status, task.TaskType, task.Priority.ToString(CultureInfo.InvariantCulture), task.SlaveId,
                Names.Time(task.QueuedAt), Duration(task.DurationMs));
        }

        return table.ToString();
    }

    /// <summary>Every field of a task, then its output and error.</summary>
    public static string Details(TaskResponse task)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{task.TaskId}  {task.Status}  {task.TaskType}  priority {task.Priority}");
        Field(text, "method", task.MethodUsed is { } used && used != task.Method ? $"{task.Method} (ran as {used})" : task.Method);
        Field(text, "slave", task.SlaveId is null ? task.RequestedSlaveId is { } wanted ? $"- (asked for {wanted})" : null : task.SlaveId);
        Field(text, "capabilities", task.Capabilities.Count > 0 ? string.Join(", ", task.Capabilities) : null);
        Field(text, "timeout", task.TimeoutSeconds is { } seconds ? seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : null);
        Field(text, "env", task.EnvNames.Count > 0 ? string.Join(", ", task.EnvNames) : null);
        Field(text, "working dir", task.WorkingDir);
        Field(text, "submitted by", task.SubmittedBy);
        Field(text, "queued", Stamp(task.QueuedAt));
        Field(text, "started", Stamp(task.StartedAt));
        Field(text, "finished", Stamp(task.FinishedAt));
        Field(text, "duration", Duration(task.DurationMs));
        Field(text, "predicted", Predicted(task));
        Field(text, "attempts", task.Attempts.ToString(CultureInfo.InvariantCulture) + (task.MaxRetries > 0 ? $" (max retries {task.MaxRetries})" : string.Empty));
        Field(text, "exit code", task.ExitCode?.ToString(CultureInfo.InvariantCulture));
        Field(text, "reason", task.Reason);
        Block(text, "command", task.Command, truncated: false);
        Block(text, "output", task.Output, task.OutputTruncated);
        Block(text, "error", task.Error, task.ErrorTruncated);
        return text.ToString();
    }

    /// <summary>The predicted run time, and while it runs the predicted finish on its slave (start + prediction).</summary>
    private static string? Predicted(TaskResponse task)
    {
        if (Duration(task.PredictedDurationMs) is not { } predicted)
        {
            return null;
        }

        return task.Status == "running" && task.StartedAt is { } started
            ? $"{predicted} (finish on {task.SlaveId} predicted at {Stamp(started.AddMilliseconds(task.PredictedDurationMs!.Value))})"
            : predicted;
    }

    public static string? Duration(long? milliseconds) => milliseconds switch
    {
        null => null,
        < 1000 => milliseconds.Value.ToString(CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (milliseconds.Value / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromMilliseconds(milliseconds.Value).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    private static string? Stamp(DateTimeOffset? time) =>
        time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name + ":",-14}{value}");
        }
    }

    private static void Block(StringBuilder text, string name, string value, bool truncated)
    {
        if (value.Length == 0)
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {name}{(truncated ? " (truncated)" : string.Empty)}:");
        foreach (var line in value.TrimEnd('\n').Split('\n'))
        {
            text.Append("    ").AppendLine(line);
        }
    }
}
