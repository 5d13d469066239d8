using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Monitoring;

/// <summary>Acceptance points of the issue that ask for real slaves from the slave package, on loopback.</summary>
public sealed class RealSlaveMonitoringTests
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
        Assert.True(watch.Elapsed < perCheck + TimeSpan.FromSeconds(6), $"sweep took {watch.Elapsed}");
        var real = slaves.Single(s => s.Id == "healthy");
        Assert.Equal(MasterHost.FixtureCommit, real.Commit);
        Assert.NotNull(real.MaxConcurrentTasks);
        Assert.Contains("shell", real.ReportedCapabilities);
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
}
