using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Reliability.Tests.Support;

namespace D8.Reliability.Tests.Load;

/// <summary>
/// Found by the load test: a health check taken while the master's own tasks filled a slave reported
/// <c>running_tasks == max_concurrent_tasks</c>, and the master kept refusing that slave as "at capacity" until the
/// next check (30 s by default), although those tasks had long finished.
/// </summary>
[Trait("Category", "Load")]
public sealed class StaleLoadReportTests
{
    [Fact]
    public async Task Dispatch_AfterHealthCheckSawTheMastersOwnTasksFillTheSlave_SlaveIsEligibleAgainOnceTheyFinish()
    {
        using var ran = new SideEffects();
        await using var slave = await InProcessSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHarness(options => options.HealthCheckInterval = TimeSpan.FromMinutes(10));
        await master.AddAsync("only", slave.Port);
        await master.Monitor.CheckAllAsync();

        var release = Path.Combine(Path.GetDirectoryName(ran.FilePath)!, "release");
        var blocking = master.Dispatcher.DispatchAsync(new D8Task
        {
            Command = ran.Record("blocking", $"import time\nwhile not os.path.exists({TestPython.Literal(release)}): time.sleep(0.02)\n"),
            Method = ExecutionMethod.Python,
        });
        await Poll.UntilAsync(() => ran.RunsOf("blocking") == 1, "the first task running");
        var during = await master.Monitor.CheckAsync("only");
        Assert.Equal(1, during.RunningTasks);
        Assert.Equal(1, during.MaxConcurrentTasks);

        await File.WriteAllTextAsync(release, string.Empty);
        Assert.True((await blocking).Success);

        // No health check since: the last report still says 1 of 1 running, but that one task was this master's own.
        Assert.Equal(1, master.Registry.Find("only")!.RunningTasks);
        var next = await master.Dispatcher.DispatchAsync(new D8Task { Command = "print('next')", Method = ExecutionMethod.Python });
        Assert.Equal("next\n", next.Response.Output);
        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("only")!.Status);
    }
}
