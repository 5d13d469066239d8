using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Reliability.Tests.Support;

namespace D8.Reliability.Tests.Faults;

/// <summary>A real d8-slave process killed outright (SIGKILL, with its python children) mid-task, then started again.</summary>
[Trait("Category", "Fault")]
public sealed class SlaveDeathTests
{
    [Fact]
    public async Task Dispatch_SlaveDiesMidTask_TaskFinishesOnceElsewhere_AndTheSlaveIsUsedAgainWhenItComesBack()
    {
        using var ran = new SideEffects();
        await using var doomed = await SlaveProcess.StartAsync();
        await using var survivor = await InProcessSlave.StartAsync();
        await using var master = new MasterHarness(
            options =>
            {
                options.HealthCheckInterval = TimeSpan.FromSeconds(5);
                options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(1);
            },
            new PreferredSlaveSelector("doomed"));
        await master.StartAsync();
        await master.AddAsync("doomed", doomed.Port);
        await master.AddAsync("survivor", survivor.Port);
        await Poll.UntilAsync(
            async () => (await master.Monitor.CheckAllAsync()).All(s => s.Status == SlaveStatus.Healthy),
            "both slaves healthy",
            TimeSpan.FromSeconds(60));

        // The task marks its start, waits for a file that only the test creates, then marks its end.
        var release = Path.Combine(Path.GetDirectoryName(ran.FilePath)!, "release");
        var code = ran.Record("started", $"import time\nwhile not os.path.exists({TestPython.Literal(release)}): time.sleep(0.02)\n") + TestPython.AppendLine(ran.FilePath, "finished") + "print('done')\n";
        var dispatch = master.Dispatcher.DispatchAsync(new D8Task { Command = code, Method = ExecutionMethod.Python, Timeout = TimeSpan.FromSeconds(60) });

        await Poll.UntilAsync(() => ran.RunsOf("started") == 1, "the task started on the doomed slave", TimeSpan.FromSeconds(30));
        doomed.Process.Kill(entireProcessTree: true);
        await doomed.Process.WaitForExitAsync();
        await Poll.UntilAsync(() => ran.RunsOf("started") == 2, "the task re-sent to the survivor started", TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(release, string.Empty);
        var result = await dispatch;

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("done\n", result.Response.Output);
        Assert.Equal(["doomed", "survivor"], result.AttemptedSlaves);
        Assert.Equal(1, ran.RunsOf("finished"));

        // The monitor sees it down, with the cause; then it comes back on the same port and is used again.
        await Poll.UntilAsync(() => master.Registry.Find("doomed")!.Status == SlaveStatus.Unhealthy, "the monitor marks the dead slave unhealthy", TimeSpan.FromSeconds(30));
        // The cause is the refused connection, or (after five failed calls in a row) the open circuit breaker.
        Assert.Matches("could not be reached|circuit breaker is open", master.Registry.Find("doomed")!.LastError);
        await using var back = await SlaveProcess.StartAsync(port: doomed.Port);
        await Poll.UntilAsync(() => master.Registry.Find("doomed")!.Status == SlaveStatus.Healthy, "the monitor sees the slave back", TimeSpan.FromSeconds(90));
        var again = await master.Dispatcher.DispatchAsync(new D8Task { Command = "print('back')", Method = ExecutionMethod.Python, SlaveId = "doomed" });
        Assert.Equal("back\n", again.Response.Output);
    }
}
