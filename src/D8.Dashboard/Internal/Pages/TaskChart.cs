using System.Globalization;
using D8.Distributed.Core;

namespace D8.Dashboard.Internal;

/// <summary>
/// The overview's "tasks per hour" chart: the tasks that finished in each of the last 24 local hours (the current one
/// included), stacked by outcome. Read through <see cref="ITaskQueue.ListAsync"/> newest first, so any task store
/// serves it without a new query. The list is in queue order, not finish order, so the scan goes on past the window's
/// start by <see cref="Lookback"/> (a task that waited and ran for longer than a day before finishing in the window is
/// missed) and stops after <see cref="MaxScanned"/> tasks, so a busy day costs a bounded read.
/// </summary>
internal static class TaskChart
{
    /// <summary>How many hours the chart shows.</summary>
    public const int Hours = 24;

    /// <summary>The most finished tasks one render reads (10 pages of the queue's largest page).</summary>
    public const int MaxScanned = 10 * D8TaskQuery.MaxLimit;

    /// <summary>How long before the window a task may have been queued and still be counted.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(24);

    private static readonly BarChart.Series[] Outcomes =
    [
        new("succeeded", "succeeded", "#2da44e"),
        new("failed", "failed, timed out or lost", "#cf222e"),
        new("cancelled", "cancelled", "#8c959f"),
    ];

    /// <summary>Counts per hour: the hour's start and the counts of <see cref="Outcomes"/>.</summary>
    internal sealed record HourCounts(DateTimeOffset Start, int Succeeded, int Failed, int Cancelled)
    {
        public int Total => Succeeded + Failed + Cancelled;
    }

    /// <summary>Reads the last 24 hours' finished tasks and returns the counts per hour, oldest first.</summary>
    /// <returns>The hours, and whether the scan stopped at <see cref="MaxScanned"/> (the counts are then a lower bound).</returns>
    public static async Task<(IReadOnlyList<HourCounts> Hours, bool Capped)> CountAsync(ITaskQueue queue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var zone = clock.LocalTimeZone;
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var currentHour = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
        var start = currentHour.AddHours(-(Hours - 1));
        var counts = new int[Hours, 3];
        long? before = null;
        var scanned = 0;
        var capped = false;
        while (true)
        {
            var page = await queue.ListAsync(new D8TaskQuery { Statuses = TasksPage.Finished, Before = before, Limit = D8TaskQuery.MaxLimit }, cancellationToken).ConfigureAwait(false);
            foreach (var task in page.Tasks)
            {
                if (task.FinishedAt is { } finished && finished >= start)
                {
                    var hour = (int)Math.Floor((finished - start).TotalHours);
                    if (hour < Hours)
                    {
                        counts[hour, Outcome(task.Status)]++;
                    }
                }
            }

            scanned += page.Tasks.Count;
            if (page.NextBefore is null || page.Tasks.Count == 0 || page.Tasks[^1].QueuedAt < start - Lookback)
            {
                break;
            }

            if (scanned >= MaxScanned)
            {
                capped = true;
                break;
            }

            before = page.NextBefore;
        }

        var hours = new HourCounts[Hours];
        for (var i = 0; i < Hours; i++)
        {
            hours[i] = new HourCounts(start.AddHours(i), counts[i, 0], counts[i, 1], counts[i, 2]);
        }

        return (hours, capped);
    }

    /// <summary>Appends the chart.</summary>
    public static void Render(Html html, IReadOnlyList<HourCounts> hours, bool capped, TimeZoneInfo zone)
    {
        var bars = hours.Select((hour, index) =>
        {
            var local = TimeZoneInfo.ConvertTime(hour.Start, zone);
            var from = local.ToString("HH:mm", CultureInfo.InvariantCulture);
            var to = local.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);
            var tooltip = $"{from}–{to}: {hour.Total} finished ({hour.Succeeded} succeeded, {hour.Failed} failed, {hour.Cancelled} cancelled)";
            // Every fourth hour is labelled (00, 04, … in the local time zone) so the axis stays readable on a phone.
            var label = local.Hour % 4 == 0 ? local.ToString("HH", CultureInfo.InvariantCulture) + "h" : string.Empty;
            return new BarChart.Bar(local.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture), label, tooltip, [hour.Succeeded, hour.Failed, hour.Cancelled]);
        }).ToList();
        var total = hours.Sum(hour => hour.Total);
        var busiest = hours.MaxBy(hour => hour.Total);
        var description = total == 0
            ? "No task finished in the last 24 hours."
            : $"{(capped ? "At least " : string.Empty)}{total} tasks finished in the last 24 hours ({hours.Sum(h => h.Succeeded)} succeeded, {hours.Sum(h => h.Failed)} failed, {hours.Sum(h => h.Cancelled)} cancelled); the busiest hour began at {TimeZoneInfo.ConvertTime(busiest!.Start, zone):HH:mm} with {busiest.Total}.";
        BarChart.Render(html, "tasks-per-hour", "Tasks finished per hour (last 24 h)", description, Outcomes, bars, value => BarChart.Value(value));
    }

    private static int Outcome(D8TaskStatus status) => status switch
    {
        D8TaskStatus.Succeeded => 0,
        D8TaskStatus.Cancelled => 2,
        _ => 1,
    };
}
