using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Monitoring;

public sealed class SlaveHealthMonitorTests
{
    [Fact]
    public async Task CheckAllAsync_HealthyRefusingAndSilentSlaves_MarksEachWithoutWaitingForTheOthers()
    {
        var perCheck = TimeSpan.FromSeconds(2);
        await using var healthy = await FakeSlave.StartAsync();
        using var silent1 = new SilentListener();
        using var silent2 = new SilentListener();
        using var silent3 = new SilentListener();
        using var silent4 = new SilentListener();
        using var silent5 = new SilentListener();
        await using var master = new MasterHost(options =>
        {
            options.HealthCheckTimeout = perCheck;
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
        });
        await master.AddAsync("healthy", healthy);
        await master.AddAsync("refused", DeadEndpoints.RefusingPort());
        await master.AddAsync("silent-1", silent1.Port);
        await master.AddAsync("silent-2", silent2.Port);
        await master.AddAsync("silent-3", silent3.Port);
        await master.AddAsync("silent-4", silent4.Port);
        await master.AddAsync("silent-5", silent5.Port);

        // Warm-up (JIT, connection pool, pipelines) so the timed sweep measures the sweep, not first-call costs.
        await master.Monitor.CheckAsync("healthy");

        var watch = Stopwatch.StartNew();
        var slaves = await master.Monitor.CheckAllAsync();
        watch.Stop();

        Assert.Equal(SlaveStatus.Healthy, slaves.Single(s => s.Id == "healthy").Status);
        Assert.Equal(SlaveStatus.Unhealthy, slaves.Single(s => s.Id == "refused").Status);
        Assert.All(slaves.Where(s => s.Id.StartsWith("silent", StringComparison.Ordinal)), s => Assert.Equal(SlaveStatus.Unhealthy, s.Status));
        Assert.Contains("timeout", slaves.Single(s => s.Id == "silent-1").LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True(silent1.Accepted > 0, "the silent listener should have accepted the TCP connection");

        // Checked one after another, five silent slaves would take at least 5 x 2 s; concurrently about 2 s.
        Assert.True(watch.Elapsed < perCheck + TimeSpan.FromSeconds(6), $"sweep took {watch.Elapsed}");
        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("healthy")!.Status);
    }

    [Fact]
    public async Task CheckAsync_SlaveOnAnotherCommit_IsVersionMismatchAndGetsNoTasks()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.Commit = "9999999other");
        await using var master = new MasterHost();
        await master.AddAsync("old", slave);

        var checkedSlave = await master.Monitor.CheckAsync("old");

        Assert.Equal(SlaveStatus.VersionMismatch, checkedSlave.Status);
        Assert.True(checkedSlave.VersionMismatch);
        Assert.Equal("9999999other", checkedSlave.Commit);
        Assert.True(master.Events.Has(SlaveEventKind.VersionMismatch, "old"));
        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)")));
        Assert.Contains("old: version mismatch", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, slave.ExecuteRequests);
    }

    [Fact]
    public async Task CheckAsync_WarnOnlyPolicy_MismatchedSlaveStaysHealthyAndWorks()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.Commit = "9999999other");
        await using var master = new MasterHost(options => options.VersionPolicy = D8VersionPolicy.WarnOnly);
        await master.AddAsync("old", slave);

        var checkedSlave = await master.Monitor.CheckAsync("old");
        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));

        Assert.Equal(SlaveStatus.Healthy, checkedSlave.Status);
        Assert.True(checkedSlave.VersionMismatch);
        Assert.True(master.Events.Has(SlaveEventKind.VersionMismatch, "old"));
        Assert.True(result.Success);
        Assert.Equal("old", result.SlaveId);
    }

    [Fact]
    public async Task CheckAsync_ShortAndLongHashOfTheSameCommit_Match()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.Commit = "abc1234def5678");
        await using var master = new MasterHost(options => options.Commit = "abc1234");
        await master.AddAsync("pc", slave);

        Assert.Equal(SlaveStatus.Healthy, (await master.Monitor.CheckAsync("pc")).Status);
    }

    [Fact]
    public async Task CheckAsync_DrainingSlave_IsDrainingAndGetsNoTasks()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.HealthStatus = "draining");
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave);

        Assert.Equal(SlaveStatus.Draining, (await master.Monitor.CheckAsync("pc")).Status);
        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass")));
        Assert.Contains("pc: draining", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostedMonitor_SlaveStopsAndRestarts_RaisesDownThenRecoveredWithoutManualAction()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost(
            options =>
            {
                options.HealthCheckInterval = TimeSpan.FromSeconds(30);
                options.RecoveryProbeDelay = TimeSpan.FromSeconds(5);
                options.HealthCheckTimeout = TimeSpan.FromSeconds(10);
            },
            timeProvider: time);
        await master.AddAsync("pc", slave);

        await master.StartAsync();
        await Poll.UntilAsync(() => master.Registry.Find("pc")!.Status == SlaveStatus.Healthy, "first sweep marks the slave healthy");

        await slave.StopAsync();
        await Poll.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(5));
                return master.Events.Has(SlaveEventKind.Down, "pc");
            },
            "a 'down' event after the slave stopped");
        Assert.Equal(SlaveStatus.Unhealthy, master.Registry.Find("pc")!.Status);

        await slave.RestartAsync();
        await Poll.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(5));
                return master.Events.Has(SlaveEventKind.Recovered, "pc");
            },
            "a 'recovered' event after the slave restarted on the same port");

        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("pc")!.Status);
        var down = master.Events.Events.First(e => e.Kind == SlaveEventKind.Down);
        Assert.Equal(SlaveStatus.Healthy, down.PreviousStatus);
        Assert.Equal(SlaveStatus.Unhealthy, down.CurrentStatus);
        Assert.False(string.IsNullOrEmpty(down.Detail));
    }

    [Fact]
    public async Task HostedMonitor_SlaveRegisteredWhileItSleeps_IsCheckedWithoutWaitingForTheInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost(timeProvider: time);
        await master.StartAsync();

        await master.AddAsync("late", slave);

        // Fake time never moves here: only the registration can have woken the monitor.
        await Poll.UntilAsync(() => master.Registry.Find("late")!.Status == SlaveStatus.Healthy, "the new slave checked at once");
    }

    [Fact]
    public async Task StartAsync_CorruptRegistryFile_FailsStartNamingTheFile()
    {
        await using var master = new MasterHost();
        var path = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "[1, 2");

        var error = await Assert.ThrowsAsync<SlaveRegistryException>(() => master.App.StartAsync());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("[1, 2", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task CheckAsync_EventHandlerThrows_OtherHandlersStillRun()
    {
        var second = new SlaveEventRecorder();
        await using var master = new MasterHost(services: services =>
        {
            services.AddSingleton<ISlaveEventHandler>(new ThrowingHandler());
            services.AddSingleton<ISlaveEventHandler>(second);
        });
        await master.AddAsync("dead", DeadEndpoints.RefusingPort());

        var slave = await master.Monitor.CheckAsync("dead");

        Assert.Equal(SlaveStatus.Unhealthy, slave.Status);
        Assert.True(second.Has(SlaveEventKind.Down, "dead"));
        Assert.True(master.Events.Has(SlaveEventKind.Down, "dead"));
    }

    [Fact]
    public async Task CheckAsync_UnknownId_ThrowsKeyNotFound()
    {
        await using var master = new MasterHost();

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => master.Monitor.CheckAsync("nope"));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingHandler : ISlaveEventHandler
    {
        public ValueTask HandleAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("handler broke");
    }
}
