using System.Diagnostics;
using System.Diagnostics.Metrics;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace D8.Distributed.Core.Tests.Internal;

public sealed class TelemetryTests
{
    [Fact]
    public async Task DispatchAsync_RecordsDispatchedFailedDurationAndHealthySlaves()
    {
        await using var ok = await FakeSlave.StartAsync();
        await using var failing = await FakeSlave.StartAsync(s => { s.ExecuteFixture = "execute-failure.json"; s.RunningTasks = 1; });
        await using var master = new MasterHost();
        var meterFactory = master.Services.GetRequiredService<IMeterFactory>();
        using var dispatched = new MetricCollector<long>(meterFactory, "D8.Distributed", "d8.tasks.dispatched");
        using var failed = new MetricCollector<long>(meterFactory, "D8.Distributed", "d8.tasks.failed");
        using var duration = new MetricCollector<double>(meterFactory, "D8.Distributed", "d8.task.duration");
        using var healthy = new MetricCollector<int>(meterFactory, "D8.Distributed", "d8.slaves.healthy");
        await master.AddAsync("ok", ok);
        await master.AddAsync("failing", failing);
        await master.Monitor.CheckAllAsync();

        await master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "ok" });
        await master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "failing", TaskType = "report" });

        Assert.Equal(2, dispatched.GetMeasurementSnapshot().EvaluateAsCounter());
        var failure = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal("exit", failure.Tags["d8.failure.reason"]);
        Assert.Equal("report", failure.Tags["d8.task.type"]);
        Assert.Equal(2, duration.GetMeasurementSnapshot().Count);
        healthy.RecordObservableInstruments();
        Assert.Equal(2, healthy.LastMeasurement!.Value);
    }

    [Fact]
    public async Task DispatchAsync_WithATraceListener_SendsTheDispatchSpanAsTraceparent()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave);
        var taskId = $"traced-{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "D8.Distributed",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("d8.task.id") as string) == taskId)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { TaskId = taskId });

        var span = Assert.Single(spans);
        Assert.Equal("d8.dispatch", span.OperationName);
        Assert.Equal("pc", span.GetTagItem("d8.slave.id"));
        var traceParent = Assert.Single(slave.ReceivedTraceParents);
        Assert.Contains(span.TraceId.ToHexString(), traceParent, StringComparison.Ordinal);
    }
}
