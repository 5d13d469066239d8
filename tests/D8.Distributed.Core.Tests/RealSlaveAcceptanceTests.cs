using System.Diagnostics;
using D8.Distributed.Core.Assignment;
using D8.Distributed.Core.Client;
using D8.Distributed.Core.Monitoring;
using D8.Distributed.Core.Registry;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Time.Testing;

using D8.Distributed.Core.Tests.Support;

namespace D8.Distributed.Core.Tests;

/// <summary>The acceptance points that ask for real slaves from the slave package, on loopback.</summary>
public sealed class RealSlaveAcceptanceTests
{
    [Fact]
    public async Task Sweep_RealHealthySlaveRefusingPortAndSilentListener_HealthyUnhealthyUnhealthyWithinOneTimeout()
    {
        var perCheck = TimeSpan.FromSeconds(1);
        await using var healthy = await RealSlave.StartAsync();
        using var silent = new SilentListener();
        await using var master = new MasterHost(options => options.HealthCheckTimeout = perCheck);
        await master.AddAsync("healthy", healthy.Port);
        await master.AddAsync("refused", DeadEndpoints.RefusingPort());
        await master.AddAsync("silent", silent.Port);

        // Warm-up (JIT, connection pool, pipelines) so the timed sweep measures the sweep, not first-call costs.
        await master.Monitor.CheckAsync("healthy");

        var watch = Stopwatch.StartNew();
        var slaves = await master.Monitor.CheckAllAsync();
        watch.Stop();

        Assert.True(SlaveStatus.Healthy == slaves.Single(s => s.Id == "healthy").Status, slaves.Single(s => s.Id == "healthy").LastError);
        Assert.Equal(SlaveStatus.Unhealthy, slaves.Single(s => s.Id == "refused").Status);
        Assert.Equal(SlaveStatus.Unhealthy, slaves.Single(s => s.Id == "silent").Status);
        Assert.True(watch.Elapsed < perCheck + TimeSpan.FromSeconds(4), $"sweep took {watch.Elapsed}");
        var real = slaves.Single(s => s.Id == "healthy");
        Assert.Equal(MasterHost.FixtureCommit, real.Commit);
        Assert.NotNull(real.MaxConcurrentTasks);
        Assert.Contains("shell", real.ReportedCapabilities);
    }

    [Fact]
    public async Task Dispatch_RealSlave_RunsPythonAndShell()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave.Port);

        var python = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));
        var shell = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo from-shell"));

        Assert.True(python.Success, python.Response.Error);
        Assert.Equal("42\n", python.Response.Output);
        Assert.Equal(0, python.Response.ExitCode);
        Assert.Equal(python.TaskId, python.Response.TaskId);
        Assert.Equal("from-shell\n", shell.Response.Output);
    }

    [Fact]
    public async Task Dispatch_RealSlaveOnAnotherCommit_GetsNoTasks_ButWarnOnlyLetsItWork()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync(options => options.Commit = "fedcba9876");
        await using (var exact = new MasterHost())
        {
            await exact.AddAsync("other", slave.Port);

            Assert.Equal(SlaveStatus.VersionMismatch, (await exact.Monitor.CheckAsync("other")).Status);
            var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => exact.Dispatcher.DispatchAsync(D8Task.Python("print(1)")));
            Assert.Contains("fedcba9876", error.Exclusions["other"], StringComparison.Ordinal);
        }

        await using var warnOnly = new MasterHost(options => options.VersionPolicy = D8VersionPolicy.WarnOnly);
        await warnOnly.AddAsync("other", slave.Port);
        var result = await warnOnly.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));
        Assert.True(result.Success, result.Response.Error);
        Assert.True(warnOnly.Events.Has(SlaveEventKind.VersionMismatch, "other"));
    }

    [Fact]
    public async Task HostedMonitor_RealSlaveStopsAndStartsOnTheSamePort_DownThenRecovered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(options => options.RecoveryProbeDelay = TimeSpan.FromSeconds(5), timeProvider: time);
        await master.AddAsync("pc", slave.Port);
        await master.StartAsync();
        await Poll.UntilAsync(() => master.Registry.Find("pc")!.Status == SlaveStatus.Healthy, "first sweep marks the real slave healthy");

        await slave.StopAsync();
        await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromSeconds(5)); return master.Events.Has(SlaveEventKind.Down, "pc"); }, "a 'down' event");
        Assert.Equal(SlaveStatus.Unhealthy, master.Registry.Find("pc")!.Status);

        await slave.RestartAsync();
        await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromSeconds(5)); return master.Events.Has(SlaveEventKind.Recovered, "pc"); }, "a 'recovered' event");
        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("pc")!.Status);
    }

    [Fact]
    public async Task Dispatch_NetworkToTheFirstRealSlaveDiesMidTask_SameTaskIdCompletesOnTheSecond()
    {
        Requirements.Python3();
        await using var slaveA = await RealSlave.StartAsync();
        await using var slaveB = await RealSlave.StartAsync();
        await using var toA = new TcpProxy(slaveA.Port);
        await using var toB = new TcpProxy(slaveB.Port);
        await using var master = new MasterHost();
        await master.AddAsync("a", toA.Port);
        await master.AddAsync("b", toB.Port);
        await master.Monitor.CheckAllAsync();

        var dispatch = master.Dispatcher.DispatchAsync(
            D8Task.Python("import time\ntime.sleep(3)\nprint(6*7)") with { TaskId = "failover-real" });
        await toA.ExecuteSeen.WaitAsync(TimeSpan.FromSeconds(20));
        await toA.CutAsync();
        var result = await dispatch.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("42\n", result.Response.Output);
        Assert.Equal("b", result.SlaveId);
        Assert.Equal("failover-real", result.TaskId);
        Assert.Equal("failover-real", result.Response.TaskId);
        Assert.Equal(["a", "b"], result.AttemptedSlaves);
        Assert.Equal(1, toB.ExecuteRequests);
    }

    [Fact]
    public async Task Dispatch_RealSlaveCodeExitsNonZero_ReturnedAsFailedAndNotRedispatched()
    {
        Requirements.Python3();
        await using var slaveA = await RealSlave.StartAsync();
        await using var slaveB = await RealSlave.StartAsync();
        await using var toA = new TcpProxy(slaveA.Port);
        await using var toB = new TcpProxy(slaveB.Port);
        await using var master = new MasterHost();
        await master.AddAsync("a", toA.Port);
        await master.AddAsync("b", toB.Port);
        await master.Monitor.CheckAllAsync();

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("import sys\nprint('partial')\nsys.exit(3)"));

        Assert.False(result.Success);
        Assert.Equal(3, result.Response.ExitCode);
        Assert.Equal("partial\n", result.Response.Output);
        Assert.Single(result.AttemptedSlaves);
        Assert.Equal(1, toA.ExecuteRequests + toB.ExecuteRequests);
    }

    [Fact]
    public async Task Breaker_FailingSlaveAOpens_RealSlaveBKeepsWorking()
    {
        Requirements.Python3();
        await using var a = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Fail);
        await using var b = await RealSlave.StartAsync();
        await using var master = new MasterHost(options => options.MaxFailoverAttempts = 0);
        await master.AddAsync("a", a);
        await master.AddAsync("b", b.Port);
        await master.Monitor.CheckAllAsync();

        // Two tasks pinned to A: 3 + 2 failed attempts open A's breaker; the sixth attempt never reaches A.
        await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-1" }));
        await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-2" }));
        var rejected = await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-3" }));

        Assert.Equal(5, a.ExecuteRequests);
        Assert.Contains("circuit breaker is open", rejected.InnerException!.Message, StringComparison.Ordinal);
        var onB = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { SlaveId = "b" });
        Assert.True(onB.Success, onB.Response.Error);
    }
}
