using System.Globalization;
using D8.Distributed.Cli.Internal;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.Cli;

/// <summary><c>tasks show</c>'s prediction line (§14): the predicted run time, and for a running task its predicted finish.</summary>
public sealed class TaskOutputTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Details_RunningTaskWithAPrediction_ShowsThePredictedFinishOnItsSlave()
    {
        var text = TaskOutput.Details(Task("running") with { SlaveId = "pc-a", StartedAt = Started, PredictedDurationMs = 2500 });

        var finish = Started.AddMilliseconds(2500).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Assert.Contains($"predicted:    2.5 s (finish on pc-a predicted at {finish})", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Details_FinishedTask_ShowsOnlyThePrediction_AndNoLineWithoutOne()
    {
        var finished = TaskOutput.Details(Task("succeeded") with { SlaveId = "pc-a", StartedAt = Started, PredictedDurationMs = 800, DurationMs = 750 });
        var unpredicted = TaskOutput.Details(Task("queued"));

        Assert.Contains("predicted:    800 ms" + Environment.NewLine, finished, StringComparison.Ordinal);
        Assert.DoesNotContain("predicted:", unpredicted, StringComparison.Ordinal);
    }

    private static TaskResponse Task(string status) => new() { TaskId = "t1", Status = status, Command = "pass", Method = "python", TaskType = "render" };
}
