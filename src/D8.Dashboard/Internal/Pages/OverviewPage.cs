using System.Globalization;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Slaves with health, commit, load and latency; the queue's depth; pending requests; this month's spend; the newest owner alerts.</summary>
internal static class OverviewPage
{
    /// <summary>How many of a slave's latest finished tasks make its "recent latency".</summary>
    private const int LatencySamples = 5;

    /// <summary>How many of a slave's latest predicted tasks make its "prediction error".</summary>
    private const int PredictionSamples = 20;

    /// <summary>How many of the newest finished tasks the latencies are taken from.</summary>
    private const int RecentFinished = 200;

    /// <summary>How many of the newest owner alerts the overview lists.</summary>
    private const int AlertsShown = 10;

    public static async Task<IResult> RenderAsync(DashboardContext context, CancellationToken cancellationToken)
    {
        var services = context.Http.RequestServices;
        var slaves = services.GetRequiredService<ISlaveRegistry>().GetAll();
        var queue = services.GetRequiredService<ITaskQueue>();
        var statistics = await queue.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var recent = await queue.ListAsync(new D8TaskQuery { Statuses = TasksPage.Finished, Limit = RecentFinished }, cancellationToken).ConfigureAwait(false);
        var requests = services.GetRequiredService<IHumanRequestManager>();
        var everything = await requests.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var pending = everything.Where(r => r.Status == HumanRequestStatus.Pending).ToList();
        var budget = await requests.GetBudgetAsync(cancellationToken).ConfigureAwait(false);
        var clock = context.Clock;
        var now = clock.GetLocalNow();
        var (hours, capped) = await TaskChart.CountAsync(queue, clock, cancellationToken).ConfigureAwait(false);
        var month = budget.ByMonth.FirstOrDefault(m => m.Year == now.Year && m.Month == now.Month)?.Totals ?? HumanRequestCostTotals.Zero;
        var masterCommit = MasterCommit(services);
        var alerts = await OwnerAlertList.NewestAsync(services, AlertsShown, cancellationToken).ConfigureAwait(false);

        var html = new Html();
        html.Raw("<section class=\"cards\">")
            .Raw($"<a class=\"card\" href=\"{Html.Encode(context.Url("/requests?status=pending"))}\"><span class=\"num\" id=\"pending-count\">")
            .Text(pending.Count.ToString(CultureInfo.InvariantCulture)).Raw("</span><span>pending requests</span></a>")
            .Raw("<div class=\"card\"><span class=\"num\" id=\"month-spend\">").Text(Html.Money(month.Actual))
            .Raw("</span><span>").Text($"spent in {now:yyyy-MM} (estimated {Html.Money(month.Estimated)})").Raw("</span></div>")
            .Raw("<div class=\"card\"><span class=\"num\">").Text(slaves.Count(s => s.Status == SlaveStatus.Healthy).ToString(CultureInfo.InvariantCulture) + "/" + slaves.Count.ToString(CultureInfo.InvariantCulture))
            .Raw("</span><span>slaves healthy</span></div>");
        Card(html, context.Url("/tasks?status=queued"), "queued-count", statistics.Queued, "tasks queued");
        Card(html, context.Url("/tasks?status=running"), "running-count", statistics.Running, "tasks running");
        Card(html, context.Url("/tasks?status=finished"), "finished-count", statistics.FinishedLastHour, "tasks finished in the last hour");
        html.Raw("</section>");

        html.Raw("<section class=\"charts\" aria-label=\"Charts\">");
        TaskChart.Render(html, hours, capped, clock.LocalTimeZone);
        SpendChart.Render(html, SpendChart.Aggregate(everything, clock.GetUtcNow(), clock.LocalTimeZone), budget.MonthlyLimit);
        html.Raw("</section>");
        SpendChart.RenderBudgets(html, budget);

        html.Element("h2", "Slaves").Raw("<p class=\"muted\">").Text($"Master commit: {masterCommit}").Raw("</p>");
        if (slaves.Count == 0)
        {
            html.Element("p", "No slaves registered.", "class=\"muted\"");
            Alerts(html, context, alerts);
            return Layout.Page(context, "Overview", "Overview", html, live: true);
        }

        html.Raw("<table id=\"slaves\"><thead><tr><th>Slave</th><th>Status</th><th>Commit</th><th>Last contact</th><th>Tasks</th><th>Latency</th><th class=\"opt\">Prediction error</th></tr></thead><tbody>");
        foreach (var slave in slaves)
        {
            var status = StatusName(slave.Status);
            var tasks = $"{(slave.RunningTasks?.ToString(CultureInfo.InvariantCulture) ?? "?")}/{(slave.MaxConcurrentTasks?.ToString(CultureInfo.InvariantCulture) ?? "?")}";
            var samples = recent.Tasks.Where(t => t.SlaveId == slave.Id && t.Duration is not null).Take(LatencySamples).ToList();
            var latency = samples.Count == 0 ? "—" : Html.Duration(TimeSpan.FromTicks((long)samples.Average(t => t.Duration!.Value.Ticks)));
            html.Raw($"<tr data-slave=\"{Html.Encode(slave.Id)}\"><td data-label=\"Slave\">").Raw(Html.Truncated(slave.Id))
                .Raw("<small>").Raw(Html.Truncated($"{slave.Host}:{slave.Port}")).Raw("</small></td>")
                .Raw($"<td data-label=\"Status\"><span class=\"status {status}\" data-status=\"{status}\">").Text(status).Raw("</span>");
            if (slave.LastError is { Length: > 0 } error && slave.Status is SlaveStatus.Unhealthy)
            {
                html.Raw("<small>").Raw(Html.Truncated(error)).Raw("</small>");
            }

            html.Raw($"</td><td data-label=\"Commit\"{(slave.VersionMismatch ? " class=\"bad\"" : string.Empty)}>");
            if (slave.Commit is null)
            {
                html.Text("unknown");
            }
            else
            {
                html.Raw(Html.Truncated(slave.Commit, "trunc short mono")).Raw("<small>").Text(slave.VersionMismatch ? "differs from master" : "matches master").Raw("</small>");
            }

            html.Raw("</td>")
                .MarkupCell("Last contact", context.When(slave.LastSeen, "never"))
                .Cell("Tasks", tasks)
                .Cell("Latency", latency)
                .Cell("Prediction error", PredictionError(recent.Tasks, slave.Id), "opt")
                .Raw("</tr>");
        }

        html.Raw("</tbody></table>");
        Alerts(html, context, alerts);
        return Layout.Page(context, "Overview", "Overview", html, live: true);
    }

    /// <summary>
    /// The newest owner alerts (a slave down, recovered, on another version) and whether they reached the notifiers:
    /// what happened while nobody looked, also when Telegram was down or is not configured.
    /// </summary>
    private static void Alerts(Html html, DashboardContext context, IReadOnlyList<OwnerAlert> alerts)
    {
        html.Element("h2", "Alerts");
        if (alerts.Count == 0)
        {
            html.Element("p", "No alerts.", "class=\"muted\" id=\"no-alerts\"");
            return;
        }

        html.Raw("<table id=\"alerts\"><thead><tr><th>When</th><th>Alert</th><th>Delivery</th></tr></thead><tbody>");
        foreach (var alert in alerts)
        {
            var kind = Html.Encode(alert.Kind);
            html.Raw($"<tr data-alert=\"{Html.Encode(alert.Id)}\">")
                .MarkupCell("When", context.When(alert.CreatedAt))
                .Raw($"<td data-label=\"Alert\"><span class=\"status {kind}\" data-kind=\"{kind}\">").Text(alert.Kind.Replace('_', ' ')).Raw("</span> ")
                .Raw(Html.Truncated(alert.Subject)).Raw("<small>").Text(alert.Text).Raw("</small></td>");
            if (alert.Delivered)
            {
                html.Cell("Delivery", "sent");
            }
            else
            {
                html.Raw("<td data-label=\"Delivery\" class=\"bad\">").Text(alert.Attempts == 0 ? "not sent yet" : $"not sent ({alert.Attempts.ToString(CultureInfo.InvariantCulture)} failed)");
                if (alert.LastError is { Length: > 0 } error)
                {
                    html.Raw("<small>").Raw(Html.Truncated(error)).Raw("</small>");
                }

                if (alert.NextAttemptAt is { } next)
                {
                    html.Raw("<small>next try ").Raw(context.When(next)).Raw("</small>");
                }

                html.Raw("</td>");
            }

            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    /// <summary>
    /// The mean relative error of the run-time predictions of a slave's latest finished tasks (those with a prediction),
    /// with how many it is taken from: "12 % of 20".
    /// </summary>
    internal static string PredictionError(IEnumerable<D8TaskInfo> recent, string slaveId)
    {
        var errors = recent.Where(t => t.SlaveId == slaveId).Select(t => t.GetPredictionError()).OfType<double>().Take(PredictionSamples).ToList();
        return errors.Count == 0 ? "—" : $"{Html.Percent(errors.Average())} of {errors.Count.ToString(CultureInfo.InvariantCulture)}";
    }

    private static void Card(Html html, string href, string id, int count, string label) =>
        html.Raw($"<a class=\"card\" href=\"{Html.Encode(href)}\"><span class=\"num\" id=\"{id}\">")
            .Text(count.ToString(CultureInfo.InvariantCulture)).Raw("</span><span>").Text(label).Raw("</span></a>");

    public static string StatusName(SlaveStatus status) => status switch
    {
        SlaveStatus.Healthy => "healthy",
        SlaveStatus.Unhealthy => "unhealthy",
        SlaveStatus.VersionMismatch => "version_mismatch",
        SlaveStatus.Draining => "draining",
        _ => "unknown",
    };

    private static string MasterCommit(IServiceProvider services)
    {
        var master = services.GetRequiredService<IOptions<D8MasterOptions>>().Value;
        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
        return D8VersionInfoResolver.Resolve(new D8VersionInfo(master.Commit ?? string.Empty, master.Version ?? string.Empty, master.Branch ?? string.Empty), contentRoot).Commit;
    }
}
