using System.Globalization;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Internal;

/// <summary>
/// The task queue (<see cref="ITaskQueue"/>), newest first: tabs by status (all, queued, running, finished), pages
/// through the queue's <c>?before=</c> cursor, and a task's detail with its command, output, error and a cancel button.
/// </summary>
internal static class TasksPage
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The final states, which the "finished" tab shows.</summary>
    internal static readonly D8TaskStatus[] Finished = [.. Enum.GetValues<D8TaskStatus>().Where(status => status.IsFinal())];

    private static readonly (string Tab, string Label)[] Tabs = [("all", "All"), ("queued", "Queued"), ("running", "Running"), ("finished", "Finished")];

    public static async Task<IResult> ListAsync(DashboardContext context, CancellationToken cancellationToken)
    {
        var query = context.Http.Request.Query;
        var html = new Html();
        if (!TryParseFilter(query["status"], out var tab, out var statuses) || !TryParseCursor(query["before"], out var before) || !TryParseLimit(query["limit"], out var limit))
        {
            html.Element("p", $"Unknown filter: status is one of {string.Join(", ", Tabs.Select(t => t.Tab))} or a task status ({string.Join(", ", D8TaskStatusNames.All)}), before a task sequence number, limit 1–{MaxPageSize}.", "class=\"error\" role=\"alert\" id=\"error\"");
            return Layout.Page(context, "Tasks", "Tasks", html, live: false, StatusCodes.Status400BadRequest);
        }

        var services = context.Http.RequestServices;
        var page = await services.GetRequiredService<ITaskQueue>().ListAsync(new D8TaskQuery { Statuses = statuses, Before = before, Limit = limit }, cancellationToken).ConfigureAwait(false);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        html.Raw("<nav class=\"tabs\" aria-label=\"Status\">");
        foreach (var (name, label) in Tabs)
        {
            html.Raw($"<a href=\"{Html.Encode(context.Url(name == "all" ? "/tasks" : "/tasks?status=" + name))}\" data-tab=\"{name}\"{(name == tab ? " aria-current=\"page\"" : string.Empty)}>").Text(label).Raw("</a>");
        }

        html.Raw("</nav>");
        if (page.Tasks.Count == 0)
        {
            html.Element("p", before is null ? "No tasks." : "No older tasks.", "class=\"muted\" id=\"no-tasks\"");
        }
        else
        {
            html.Raw("<table id=\"tasks\"><thead><tr><th>Task</th><th>Status</th><th>Type</th><th>Priority</th><th class=\"opt\">Submitted by</th><th>Slave</th><th>Queued</th><th class=\"opt\">Started</th><th>Duration</th><th class=\"opt\">Exit</th></tr></thead><tbody>");
            foreach (var task in page.Tasks)
            {
                var status = task.Status.ToName();
                html.Raw($"<tr data-task=\"{Html.Encode(task.TaskId)}\" data-status=\"{status}\"><td data-label=\"Task\" class=\"mono\"><a href=\"{Html.Encode(TaskUrl(context, task.TaskId))}\">")
                    .Raw(Html.Truncated(task.TaskId, "trunc short")).Raw("</a></td>")
                    .Raw($"<td data-label=\"Status\"><span class=\"status {status}\">").Text(status).Raw("</span></td>")
                    .TruncatedCell("Type", task.TaskType)
                    .Cell("Priority", task.Priority.ToString(CultureInfo.InvariantCulture))
                    .MarkupCell("Submitted by", Html.Truncated(task.SubmittedBy ?? "—", "trunc short"), "opt")
                    .MarkupCell("Slave", Html.Truncated(task.SlaveId ?? task.RequestedSlaveId ?? "—", "trunc short"))
                    .MarkupCell("Queued", context.When(task.QueuedAt))
                    .MarkupCell("Started", context.When(task.StartedAt), "opt")
                    .Cell("Duration", Duration(task, now))
                    .Cell("Exit", task.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "—", "opt")
                    .Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("<p class=\"pager\">");
        if (before is not null)
        {
            html.Raw($"<a id=\"newest\" href=\"{Html.Encode(ListUrl(context, tab, before: null, limit))}\">").Text("« Newest").Raw("</a>");
        }

        if (page.NextBefore is { } next)
        {
            html.Raw($"<a id=\"older\" href=\"{Html.Encode(ListUrl(context, tab, next, limit))}\">").Text("Older »").Raw("</a>");
        }

        html.Raw("</p>");

        // Only the newest page refreshes itself: an older page stays as it was read, so its cursor keeps meaning the same.
        return Layout.Page(context, "Tasks", "Tasks", html, live: before is null);
    }

    public static async Task<IResult> DetailAsync(DashboardContext context, string id, string? error, int statusCode, CancellationToken cancellationToken)
    {
        var services = context.Http.RequestServices;
        var task = await services.GetRequiredService<ITaskQueue>().GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (task is null)
        {
            return NotFound(context, id);
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var status = task.Status.ToName();
        var html = new Html();
        if (error is not null)
        {
            html.Element("p", error, "class=\"error\" role=\"alert\" id=\"error\"");
        }

        html.Raw("<dl class=\"facts\">")
            .Raw($"<dt>Status</dt><dd><span id=\"status\" class=\"status {status}\">").Text(status).Raw("</span></dd>");
        Fact(html, "Type", task.TaskType);
        Fact(html, "Method", task.MethodUsed is { } used && used != task.Method ? $"{task.Method} (ran as {used})" : task.Method);
        Fact(html, "Priority", task.Priority.ToString(CultureInfo.InvariantCulture));
        Fact(html, "Submitted by", task.SubmittedBy ?? "—");
        Fact(html, "Slave", task.SlaveId ?? (task.RequestedSlaveId is { } requested ? $"{requested} (requested)" : "—"));
        if (task.RequiredCapabilities.Count > 0)
        {
            Fact(html, "Capabilities", string.Join(", ", task.RequiredCapabilities));
        }

        TimeFact(context, html, "Queued", task.QueuedAt);
        TimeFact(context, html, "Started", task.StartedAt);
        TimeFact(context, html, "Finished", task.FinishedAt);
        Fact(html, "Duration", Duration(task, now));
        PredictionFact(context, html, task);
        Fact(html, "Timeout", task.Timeout is { } timeout ? Html.Duration(timeout) : "master's default");
        Fact(html, "Attempts", task.Attempts.ToString(CultureInfo.InvariantCulture));
        Fact(html, "Exit code", task.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "—");
        if (task.EnvironmentNames.Count > 0)
        {
            Fact(html, "Environment", string.Join(", ", task.EnvironmentNames));
        }

        html.Raw("<dt>Reason</dt><dd id=\"reason\">").Words(task.Reason ?? "—").Raw("</dd></dl>");

        if (!task.IsFinal)
        {
            html.Raw($"<div class=\"actions\"><form method=\"post\" action=\"{Html.Encode(TaskUrl(context, task.TaskId) + "/cancel")}\" class=\"action cancel\">")
                .Raw(context.AntiforgeryField())
                .Raw("<button type=\"submit\">Cancel task</button></form></div>");
        }

        html.Element("h2", "Command").Element("pre", task.Command, "id=\"command\" class=\"block\"");
        Output(html, "Output", "output", task.Output, task.OutputTruncated, string.Empty);
        Output(html, "Error", "error-output", task.Error, task.ErrorTruncated, " bad");

        // A task that can still change refreshes itself; a final one stays still (its output may be long to read).
        return Layout.Page(context, $"Task {task.TaskId}", "Tasks", html, live: !task.IsFinal && error is null, statusCode);
    }

    public static IResult NotFound(DashboardContext context, string id) =>
        Layout.Page(context, "Not found", "Tasks", new Html().Element("p", $"There is no task '{id}'.", "class=\"error\" role=\"alert\" id=\"error\""), live: false, StatusCodes.Status404NotFound);

    public static string TaskUrl(DashboardContext context, string id) => context.Url("/tasks/" + Uri.EscapeDataString(id));

    /// <summary>Running: the time so far; finished: the run time the slave reported (else started to finished).</summary>
    internal static string Duration(D8TaskInfo task, DateTimeOffset now) => task switch
    {
        { Status: D8TaskStatus.Running, StartedAt: { } started } => Html.Duration(Max(now - started)) + " so far",
        { IsFinal: true, Duration: { } duration } => Html.Duration(duration),
        { IsFinal: true, StartedAt: { } started, FinishedAt: { } finished } => Html.Duration(Max(finished - started)),
        _ => "—",
    };

    internal static bool TryParseFilter(string? value, out string tab, out IReadOnlyList<D8TaskStatus> statuses)
    {
        var name = value?.Trim().ToLowerInvariant();
        (tab, statuses) = name switch
        {
            null or "" or "all" => ("all", []),
            "finished" => ("finished", Finished),
            _ when D8TaskStatusNames.TryParse(name, out var status) => (status.IsFinal() ? "finished" : status.ToName(), [status]),
            _ => (string.Empty, []),
        };
        return tab.Length > 0;
    }

    private static bool TryParseCursor(string? value, out long? before)
    {
        before = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var ok = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0;
        before = ok ? parsed : null;
        return ok;
    }

    private static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultPageSize;
        return string.IsNullOrWhiteSpace(value)
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxPageSize);
    }

    private static string ListUrl(DashboardContext context, string tab, long? before, int limit)
    {
        var parts = new List<string>();
        if (tab != "all")
        {
            parts.Add("status=" + tab);
        }

        if (before is { } cursor)
        {
            parts.Add("before=" + cursor.ToString(CultureInfo.InvariantCulture));
        }

        if (limit != DefaultPageSize)
        {
            parts.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        return context.Url("/tasks") + (parts.Count > 0 ? "?" + string.Join('&', parts) : string.Empty);
    }

    private static void Output(Html html, string title, string id, string text, bool truncated, string cssClass)
    {
        html.Element("h2", title);
        if (text.Length == 0)
        {
            html.Raw($"<p class=\"muted\" id=\"{id}\">").Text("(none)").Raw("</p>");
            return;
        }

        html.Element("pre", text, $"id=\"{id}\" class=\"block{cssClass}\"");
        if (truncated)
        {
            html.Element("p", "Cut: the rest was longer than the slave or the store keeps.", "class=\"muted\"");
        }
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static void Fact(Html html, string name, string value) => html.Element("dt", name).Raw("<dd>").Words(value).Raw("</dd>");

    /// <summary>
    /// The run time the master predicted when it placed the task; while it runs, also when its slave should finish it
    /// (start + prediction); once finished, how far off the prediction was.
    /// </summary>
    private static void PredictionFact(DashboardContext context, Html html, D8TaskInfo task)
    {
        html.Element("dt", "Predicted").Raw("<dd id=\"predicted\">");
        if (task.PredictedDuration is not { } predicted)
        {
            html.Text("—").Raw("</dd>");
            return;
        }

        html.Text(Html.Duration(predicted));
        if (task.Status == D8TaskStatus.Running && task.StartedAt is { } started)
        {
            html.Raw("<small>").Text($"finish on {task.SlaveId} predicted ").Raw(context.When(started + predicted)).Raw("</small>");
        }
        else if (task.GetPredictionError() is { } error)
        {
            html.Raw("<small>").Text($"off by {Html.Percent(error)}").Raw("</small>");
        }

        html.Raw("</dd>");
    }

    private static void TimeFact(DashboardContext context, Html html, string name, DateTimeOffset? value) =>
        html.Element("dt", name).Raw("<dd>").Raw(context.When(value)).Raw("</dd>");
}
