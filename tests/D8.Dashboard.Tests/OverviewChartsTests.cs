using System.Globalization;
using System.Text.RegularExpressions;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests;

/// <summary>The overview's inline SVG charts over known data, read back from the HTML (fake clock, real host).</summary>
public sealed partial class OverviewChartsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task TasksPerHour_KnownFinishedTasks_Are24BarsWithTheRightCountsAndHeights()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        var store = host.Host.Services.GetRequiredService<ITaskStore>();
        await FinishedAsync(store, "a", D8TaskStatus.Succeeded, Now.AddMinutes(-25));
        await FinishedAsync(store, "b", D8TaskStatus.Succeeded, Now.AddMinutes(-20));
        await FinishedAsync(store, "c", D8TaskStatus.Succeeded, Now.AddMinutes(-15));
        await FinishedAsync(store, "d", D8TaskStatus.Failed, Now.AddMinutes(-10));
        await FinishedAsync(store, "e", D8TaskStatus.Succeeded, new DateTimeOffset(2026, 12, 1, 3, 40, 0, TimeSpan.Zero));
        await FinishedAsync(store, "f", D8TaskStatus.Cancelled, new DateTimeOffset(2026, 12, 1, 3, 50, 0, TimeSpan.Zero));
        await FinishedAsync(store, "g", D8TaskStatus.TimedOut, new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero));
        await FinishedAsync(store, "too-old", D8TaskStatus.Succeeded, new DateTimeOffset(2026, 11, 30, 10, 59, 59, TimeSpan.Zero));

        var chart = Figure(await host.GetAsync("/"), "tasks-per-hour");

        var bars = Bars(chart);
        Assert.Equal(24, bars.Count);
        Assert.Equal("2026-11-30T11", bars[0].Key);
        Assert.Equal("2026-12-01T10", bars[^1].Key);
        Assert.Equal(["2026-11-30T11", "2026-12-01T03", "2026-12-01T10"], bars.Where(b => b.Total != "0").Select(b => b.Key));
        var current = bars[^1];
        Assert.Equal(("4", "3", "1"), (current.Total, current.Rects["succeeded"].Value, current.Rects["failed"].Value));
        Assert.InRange(current.Rects["succeeded"].Height / current.Rects["failed"].Height, 2.9, 3.1);
        Assert.Equal(("2", "1", "1"), (bars[^8].Total, bars[^8].Rects["succeeded"].Value, bars[^8].Rects["cancelled"].Value));
        Assert.Equal("1", bars[0].Rects["failed"].Value);
        Assert.Contains("role=\"img\"", chart, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"tasks-per-hour-desc\">7 tasks finished in the last 24 hours (4 succeeded, 2 failed, 1 cancelled); the busiest hour began at 10:00 with 4.</desc>", chart, StringComparison.Ordinal);
        Assert.Contains("<title>10:00&#x2013;11:00: 4 finished (3 succeeded, 1 failed, 0 cancelled)</title>", chart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksPerHour_NothingFinished_SaysSo()
    {
        await using var host = await FakeClockHost.StartAsync(Now);

        var chart = Figure(await host.GetAsync("/"), "tasks-per-hour");

        Assert.All(Bars(chart), bar => Assert.Equal("0", bar.Total));
        Assert.Contains("No task finished in the last 24 hours.", chart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpendPerMonth_CompletedAndApproved_AreStackedByTypeInTheMonthSpent()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2025, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var requests = host.Host.Requests;
        await CompletedAsync(requests, HumanRequestType.Payment, 50m, 50m);   // 13 months ago: outside the chart
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 10, 9, 0, 0, TimeSpan.Zero));
        await CompletedAsync(requests, HumanRequestType.Payment, 12.99m, 12.99m);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));
        await CompletedAsync(requests, HumanRequestType.ApiAccount, 5m, 4.50m);
        var committed = await requests.CreateAsync(New(HumanRequestType.Payment, 20m));
        await requests.ApproveAsync(committed.Id, "tests");
        var rejected = await requests.CreateAsync(New(HumanRequestType.Payment, 100m));
        await requests.RejectAsync(rejected.Id, "tests", "no");
        await requests.CreateAsync(New(HumanRequestType.Other, 30m));   // pending: nothing spent
        host.Clock.SetUtcNow(Now);
        await CompletedAsync(requests, HumanRequestType.ContentApproval, 8m, 7.25m);

        var chart = Figure(await host.GetAsync("/"), "spend-per-month");

        var bars = Bars(chart);
        Assert.Equal(12, bars.Count);
        Assert.Equal(("2026-01", "2026-12"), (bars[0].Key, bars[^1].Key));
        Assert.Equal(["2026-10", "2026-11", "2026-12"], bars.Where(b => b.Total != "0").Select(b => b.Key));
        Assert.Equal(("12.99", "12.99"), (bars[^3].Total, bars[^3].Rects["payment"].Value));
        Assert.Equal(("24.5", "4.5", "20"), (bars[^2].Total, bars[^2].Rects["api_account"].Value, bars[^2].Rects["committed"].Value));
        Assert.Equal(2, bars[^2].Rects.Count);
        Assert.Equal(("7.25", "7.25"), (bars[^1].Total, bars[^1].Rects["content_approval"].Value));
        // Heights are drawn to 0.1 of a unit: 20 / 4.5 within that rounding.
        Assert.InRange(bars[^2].Rects["committed"].Height / bars[^2].Rects["api_account"].Height, 4.3, 4.6);
        Assert.DoesNotContain("class=\"line\"", chart, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"spend-per-month-desc\">Spend per month over the last 12 months: 2026-10 12.99; 2026-11 4.50 (&#x2B;20.00 committed); 2026-12 7.25.</desc>", chart, StringComparison.Ordinal);
        Assert.Contains("<li data-series=\"api_account\">", chart, StringComparison.Ordinal);
        Assert.DoesNotContain("<li data-series=\"other\">", chart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpendPerMonth_WithBudgets_DrawsTheBudgetLineAndTheBudgetsTable()
    {
        await using var host = await FakeClockHost.StartAsync(Now, o =>
        {
            o.Budgets.Monthly = 100m;
            o.Budgets.ByType[HumanRequestType.Payment] = 50m;
            o.Budgets.ByType[HumanRequestType.ApiAccount] = 10m;
        });
        await CompletedAsync(host.Host.Requests, HumanRequestType.Payment, 40m, 42m);
        await CompletedAsync(host.Host.Requests, HumanRequestType.ApiAccount, 12m, 12m);

        var html = await host.GetAsync("/");

        var chart = Figure(html, "spend-per-month");
        Assert.Contains("class=\"line\"", chart, StringComparison.Ordinal);
        Assert.Contains("budget 100.00", chart, StringComparison.Ordinal);
        var table = html[html.IndexOf("<table id=\"budgets\">", StringComparison.Ordinal)..];
        table = table[..(table.IndexOf("</table>", StringComparison.Ordinal) + "</table>".Length)];
        Assert.Contains("<caption>Budgets in 2026-12</caption>", table, StringComparison.Ordinal);
        Assert.Contains("<tr data-budget=\"overall\" data-state=\"ok\"><td data-label=\"Budget\">overall</td><td data-label=\"Limit\">100.00</td><td data-label=\"Spent\">54.00</td><td data-label=\"Left\">46.00</td><td data-label=\"Used\">54 %</td></tr>", table, StringComparison.Ordinal);
        Assert.Contains("<tr data-budget=\"payment\" data-state=\"warn\">", table, StringComparison.Ordinal);
        Assert.Contains("<tr data-budget=\"api_account\" data-state=\"over\"><td data-label=\"Budget\">api_account</td><td data-label=\"Limit\">10.00</td><td data-label=\"Spent\">12.00</td><td data-label=\"Left\">0.00</td><td data-label=\"Used\">120 %</td></tr>", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpendPerMonth_NoBudgets_NoBudgetsTable()
    {
        await using var host = await FakeClockHost.StartAsync(Now);

        Assert.DoesNotContain("id=\"budgets\"", await host.GetAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_FakeClock_TimesAreRelativeWithTheAbsoluteTimeOnHover()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        await FinishedAsync(host.Host.Services.GetRequiredService<ITaskStore>(), "ten-minutes", D8TaskStatus.Succeeded, Now.AddMinutes(-10));

        var html = await host.GetAsync("/tasks");

        // Queued a minute before it finished (see FinishedAsync).
        Assert.Contains("<td data-label=\"Queued\"><time datetime=\"2026-12-01T10:19:00Z\" title=\"2026-12-01 10:19:00 &#x2B;00:00\">11 min ago</time></td>", html, StringComparison.Ordinal);
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Contains(">2 h ago</time>", await host.GetAsync("/tasks"), StringComparison.Ordinal);
    }

    private static async Task FinishedAsync(ITaskStore store, string id, D8TaskStatus status, DateTimeOffset finished)
    {
        var task = new D8TaskInfo { TaskId = id, Command = "pass", Method = "python", TaskType = "chart", QueuedAt = finished.AddMinutes(-1), RequiredCapabilities = ["capability-no-slave-has"] };
        var added = (await store.AddAsync(task, maxQueued: 1000)).Task!;
        // The dispatch loop may touch the queued task meanwhile: retry on a newer version.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = (await store.GetAsync(id))!;
            var done = current with { Status = status, StartedAt = finished.AddSeconds(-30), FinishedAt = finished, Duration = TimeSpan.FromSeconds(30), ExitCode = status == D8TaskStatus.Succeeded ? 0 : 1 };
            if (await store.TryUpdateAsync(done) is not null)
            {
                return;
            }
        }

        Assert.Fail($"could not finish the task {added.TaskId} in the store");
    }

    private static async Task CompletedAsync(IHumanRequestManager requests, HumanRequestType type, decimal estimated, decimal actual)
    {
        var request = await requests.CreateAsync(New(type, estimated));
        await requests.ApproveAsync(request.Id, "tests");
        await requests.CompleteAsync(request.Id, actual, "tests");
    }

    private static NewHumanRequest New(HumanRequestType type, decimal cost) => new() { Type = type, Title = "Gasto " + type, EstimatedCost = cost, Priority = 5, CreatedBy = "tests" };

    private static string Figure(string html, string id)
    {
        var start = html.IndexOf($"<figure class=\"chart\" id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id} on the page");
        return html[start..(html.IndexOf("</figure>", start, StringComparison.Ordinal) + "</figure>".Length)];
    }

    private static List<(string Key, string Total, Dictionary<string, (string Value, double Height)> Rects)> Bars(string chart) =>
        [.. BarPattern().Matches(chart).Select(bar => (
            bar.Groups["key"].Value,
            bar.Groups["total"].Value,
            RectPattern().Matches(bar.Groups["body"].Value).ToDictionary(
                rect => rect.Groups["series"].Value,
                rect => (rect.Groups["value"].Value, double.Parse(rect.Groups["height"].Value, CultureInfo.InvariantCulture)))))];

    [GeneratedRegex("<g class=\"bar\" data-key=\"(?<key>[^\"]+)\" data-total=\"(?<total>[^\"]+)\">(?<body>.*?)</g>")]
    private static partial Regex BarPattern();

    [GeneratedRegex("<rect data-series=\"(?<series>[^\"]+)\" data-value=\"(?<value>[^\"]+)\"[^>]* height=\"(?<height>[0-9.]+)\"")]
    private static partial Regex RectPattern();
}
