using System.Text.RegularExpressions;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests;

/// <summary>
/// The run-time predictions the master stored with each task, as the dashboard shows them: on a task's page (the
/// prediction, while it runs the slave's predicted finish, once finished how far off it was) and per slave on the
/// overview (the mean error of its latest predicted tasks). Real host, fake clock, tasks written to the store.
/// </summary>
public sealed partial class PredictionDisplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task TaskPage_RunningTask_ShowsPredictionAndTheSlavesPredictedFinish()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        var store = host.Host.Services.GetRequiredService<ITaskStore>();
        await StoreAsync(store, "running-1", t => t with
        {
            Status = D8TaskStatus.Running, SlaveId = "fast-pc", StartedAt = Now.AddSeconds(-10), PredictedDuration = TimeSpan.FromSeconds(70),
        });

        var predicted = Predicted(await host.GetAsync("/tasks/running-1"));

        Assert.StartsWith("70.0 s", predicted, StringComparison.Ordinal);
        Assert.Contains("finish on fast-pc predicted", predicted, StringComparison.Ordinal);
        Assert.Contains("in 1 min", predicted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskPage_FinishedTask_ShowsHowFarOffThePredictionWas()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        var store = host.Host.Services.GetRequiredService<ITaskStore>();
        await StoreAsync(store, "done-1", t => Finished(t, "fast-pc", predicted: TimeSpan.FromSeconds(40), actual: TimeSpan.FromSeconds(32)));
        await StoreAsync(store, "queued-1", t => t);

        Assert.Equal("40.0 s off by 25 %", Text(Predicted(await host.GetAsync("/tasks/done-1"))));
        Assert.Equal("—", Text(Predicted(await host.GetAsync("/tasks/queued-1"))));
    }

    [Fact]
    public async Task Overview_SlaveRow_ShowsTheMeanErrorOfItsPredictedTasks()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        var registry = host.Host.Services.GetRequiredService<ISlaveRegistry>();
        await registry.RegisterAsync(new SlaveRegistration("fast-pc", "127.0.0.1", 9));
        await registry.RegisterAsync(new SlaveRegistration("slow-pi", "127.0.0.1", 9));
        var store = host.Host.Services.GetRequiredService<ITaskStore>();
        // fast-pc: off by 10 % and 30 %; a task without a prediction and a cancelled one do not count.
        await StoreAsync(store, "f1", t => Finished(t, "fast-pc", TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10)));
        await StoreAsync(store, "f2", t => Finished(t, "fast-pc", TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(10)));
        await StoreAsync(store, "f3", t => Finished(t, "fast-pc", predicted: null, TimeSpan.FromSeconds(10)));
        await StoreAsync(store, "f4", t => Finished(t, "fast-pc", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)) with { Status = D8TaskStatus.Cancelled, ExitCode = null });

        var page = await host.GetAsync("/");

        Assert.Equal("20 % of 2", Text(Cell(page, "fast-pc", "Prediction error")));
        Assert.Equal("—", Text(Cell(page, "slow-pi", "Prediction error")));
    }

    [Fact]
    public void GetPredictionError_IsRelativeToTheActualRunTime_AndNullWithoutBoth()
    {
        var task = Finished(New("t"), "s", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));

        Assert.Equal(0.5, task.GetPredictionError()!.Value, 9);
        Assert.Null((task with { PredictedDuration = null }).GetPredictionError());
        Assert.Null((task with { Status = D8TaskStatus.Cancelled, ExitCode = null }).GetPredictionError());
        Assert.Null((task with { Duration = TimeSpan.Zero, StartedAt = task.FinishedAt }).GetPredictionError());
    }

    private static D8TaskInfo New(string id) =>
        new() { TaskId = id, Command = "pass", Method = "python", TaskType = "render", QueuedAt = Now.AddMinutes(-5), RequiredCapabilities = ["capability-no-slave-has"] };

    private static D8TaskInfo Finished(D8TaskInfo task, string slave, TimeSpan? predicted, TimeSpan actual) => task with
    {
        Status = D8TaskStatus.Succeeded, SlaveId = slave, StartedAt = Now.AddMinutes(-2), FinishedAt = Now.AddMinutes(-2) + actual,
        Duration = actual, ExitCode = 0, PredictedDuration = predicted,
    };

    /// <summary>Adds a queued task, then replaces it with <paramref name="change"/> applied (retrying on a newer version).</summary>
    private static async Task StoreAsync(ITaskStore store, string id, Func<D8TaskInfo, D8TaskInfo> change)
    {
        await store.AddAsync(New(id), maxQueued: 1000);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = (await store.GetAsync(id))!;
            if (await store.TryUpdateAsync(change(current) with { Version = current.Version }) is not null)
            {
                return;
            }
        }

        Assert.Fail($"could not update the task {id} in the store");
    }

    private static string Predicted(string page)
    {
        var match = PredictedPattern().Match(page);
        Assert.True(match.Success, "the task page has no <dd id=\"predicted\">: " + page);
        return match.Groups[1].Value;
    }

    private static string Cell(string page, string slave, string label)
    {
        var row = Regex.Match(page, $"<tr data-slave=\"{Regex.Escape(slave)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"the overview has no row for {slave}");
        var cell = Regex.Match(row.Groups[1].Value, $"<td data-label=\"{Regex.Escape(label)}\"[^>]*>(.*?)</td>", RegexOptions.Singleline);
        Assert.True(cell.Success, $"the row of {slave} has no '{label}' cell: {row.Value}");
        return cell.Groups[1].Value;
    }

    /// <summary>The visible text of some markup: tags dropped, entities decoded, spaces collapsed.</summary>
    private static string Text(string markup) =>
        Spaces().Replace(System.Net.WebUtility.HtmlDecode(Tags().Replace(markup, " ")), " ").Trim();

    [GeneratedRegex("<dd id=\"predicted\">(.*?)</dd>", RegexOptions.Singleline)]
    private static partial Regex PredictedPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
