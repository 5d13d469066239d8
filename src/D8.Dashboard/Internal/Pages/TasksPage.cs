using D8.Distributed.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Internal;

/// <summary>The master's recent dispatches, newest first, from <see cref="ITaskHistory"/>.</summary>
internal static class TasksPage
{
    public static IResult Render(DashboardContext context)
    {
        var tasks = context.Http.RequestServices.GetRequiredService<ITaskHistory>().GetRecent();
        var html = new Html();
        if (tasks.Count == 0)
        {
            html.Element("p", "No tasks dispatched since the master started.", "class=\"muted\"");
            return Layout.Page(context, "Tasks", "Tasks", html, live: true);
        }

        html.Raw("<table id=\"tasks\"><thead><tr><th>Task</th><th>Slave</th><th>Method</th><th>Started</th><th>Duration</th><th>Result</th><th>Output / error</th></tr></thead><tbody>");
        foreach (var task in tasks)
        {
            var result = task.Success ? "ok" : task.ExitCode is { } code ? $"exit {code}" : "failed";
            html.Raw($"<tr data-task=\"{Html.Encode(task.TaskId)}\">")
                .Cell("Task", $"{task.TaskId} ({task.TaskType})", "mono")
                .Cell("Slave", task.SlaveId ?? "—")
                .Cell("Method", task.Method)
                .Cell("Started", Html.Time(task.StartedAt))
                .Cell("Duration", Html.Duration(task.Duration))
                .Raw($"<td data-label=\"Result\"><span class=\"status {(task.Success ? "healthy" : "unhealthy")}\">").Text(result).Raw("</span></td>")
                .Raw("<td data-label=\"Output / error\">");
            if (task.Output.Length > 0)
            {
                html.Element("pre", task.Output);
            }

            if (task.Error.Length > 0)
            {
                html.Element("pre", task.Error, "class=\"bad\"");
            }

            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        return Layout.Page(context, "Tasks", "Tasks", html, live: true);
    }
}
