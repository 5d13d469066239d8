using System.Text.Json.Nodes;
using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Registry;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Monitoring;

/// <summary>The health monitor and edits of <c>slaves/config.json</c> made by other processes while it runs.</summary>
public sealed class RegistryEditsMonitoringTests
{
    [Fact]
    public async Task CheckAllAsync_AnotherProcessAddsAndRemovesSlavesWhileProbesAreInFlight_TheSweepIsMergedOntoTheirEdit()
    {
        await using var live = await FakeSlave.StartAsync();
        using var silent = new SilentListener();
        await using var master = new MasterHost(options =>
        {
            options.HealthCheckTimeout = TimeSpan.FromSeconds(2);
            options.Resilience.MaxRetryAttempts = 0;
        });
        var file = new RegistryFile(master.DataDirectory);
        await master.AddAsync("live", live);
        await master.AddAsync("slow", silent.Port);
        await master.AddAsync("doomed", DeadEndpoints.RefusingPort());

        var sweep = master.Monitor.CheckAllAsync();
        await Poll.UntilAsync(() => silent.Accepted > 0, "the sweep to be probing the silent slave");
        await file.EditAsync(json =>
        {
            json.Remove("doomed");
            json["newcomer"] = RegistryFile.Entry(DeadEndpoints.RefusingPort());
            json["live"]!["rack"] = "b2";
        });
        var result = await sweep;

        Assert.Equal(["live", "newcomer", "slow"], file.Ids());
        var written = file.Read();
        Assert.Equal("healthy", (string?)written["live"]!["status"]);
        Assert.Equal("b2", (string?)written["live"]!["rack"]);
        Assert.Equal("unhealthy", (string?)written["slow"]!["status"]);
        Assert.Equal("unknown", (string?)written["newcomer"]!["status"]);
        Assert.Equal(["live", "newcomer", "slow"], result.Select(s => s.Id));
        Assert.Equal(["live", "newcomer", "slow"], master.Registry.GetAll().Select(s => s.Id));
        Assert.False(master.Events.Has(SlaveEventKind.Down, "doomed"), "a slave removed during the sweep raises nothing");
    }

    [Fact]
    public async Task CheckAllAsync_FiveSlaves_WritesTheRegistryFileOnce()
    {
        var disk = new CountingFileSystem();
        var slaves = new List<FakeSlave>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                slaves.Add(await FakeSlave.StartAsync());
            }

            await using var master = new MasterHost(services: services => services.AddSingleton<ISlaveRegistry>(sp => new FileSlaveRegistry(
                sp.GetRequiredService<IOptions<D8MasterOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                NullLogger<FileSlaveRegistry>.Instance,
                disk,
                new D8.Shared.AtomicFiles.AtomicFileOptions())));
            for (var i = 0; i < slaves.Count; i++)
            {
                await master.AddAsync($"pc-{i}", slaves[i]);
            }

            var before = disk.Replaces;
            var checkedSlaves = await master.Monitor.CheckAllAsync();

            Assert.All(checkedSlaves, s => Assert.Equal(SlaveStatus.Healthy, s.Status));
            Assert.Equal(1, disk.Replaces - before);
            Assert.All(new RegistryFile(master.DataDirectory).Read(), pair => Assert.Equal("healthy", (string?)pair.Value!["status"]));
        }
        finally
        {
            foreach (var slave in slaves)
            {
                await slave.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CheckDueAsync_SlaveAddedAndSlaveRemovedByAnotherProcess_NewOneCheckedAtTheNextSweepRemovedOneForgotten()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await FakeSlave.StartAsync();
        await using var second = await FakeSlave.StartAsync();
        await using var master = new MasterHost(options => options.HealthCheckInterval = TimeSpan.FromSeconds(30), timeProvider: time);
        var checker = master.Services.GetRequiredService<SlaveHealthChecker>();
        var file = new RegistryFile(master.DataDirectory);
        await master.AddAsync("first", first);
        await checker.CheckDueAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), checker.TimeUntilNextProbe());

        // The CLI (another process, its own registry instance) adds one slave and removes the other.
        using (var cli = file.NewRegistry())
        {
            await cli.RegisterAsync(new SlaveRegistration("second", second.Host, second.Port));
            Assert.True(await cli.UnregisterAsync("first"));
        }

        await checker.CheckDueAsync(CancellationToken.None);

        Assert.Equal(["second"], master.Registry.GetAll().Select(s => s.Id));
        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("second")!.Status);
        Assert.Equal(["second"], file.Ids());
        Assert.Equal("healthy", (string?)file.Read()["second"]!["status"]);
        Assert.Equal(TimeSpan.FromSeconds(30), checker.TimeUntilNextProbe());
        var firstChecks = first.HealthRequests;
        time.Advance(TimeSpan.FromSeconds(30));
        await checker.CheckDueAsync(CancellationToken.None);
        Assert.Equal(firstChecks, first.HealthRequests);
        Assert.Equal(["second"], file.Ids());
    }

    [Fact]
    public async Task HostedMonitor_SlaveAddedAndSlaveRemovedByAnotherProcess_AfterExactlyOneIntervalTheNewOneIsCheckedTheOldOneForgotten()
    {
        var interval = TimeSpan.FromSeconds(30);
        var time = new SleepWatchingTimeProvider(DateTimeOffset.UtcNow);
        await using var stay = await FakeSlave.StartAsync();
        await using var gone = await FakeSlave.StartAsync();
        await using var late = await FakeSlave.StartAsync();
        await using var master = new MasterHost(options => options.HealthCheckInterval = interval, timeProvider: time);
        var file = new RegistryFile(master.DataDirectory);
        await master.AddAsync("stay", stay);
        await master.AddAsync("gone", gone);
        await master.StartAsync();

        // The first sweep checks both, then the monitor sleeps one interval on the fake clock (real time only bounds
        // how long the test waits for that to happen; the fake clock does not move).
        await Poll.UntilAsync(
            () => time.TimersFor(interval) > 0 && master.Registry.Find("gone")?.Status == SlaveStatus.Healthy && master.Registry.Find("stay")?.Status == SlaveStatus.Healthy,
            "the first sweep, then the monitor asleep for one interval");
        await file.EditAsync(json =>
        {
            json.Remove("gone");
            json["late"] = RegistryFile.Entry(late.Port);
        });
        var goneChecks = gone.HealthRequests;
        var stayChecks = stay.HealthRequests;

        time.Advance(interval);

        await Poll.UntilAsync(
            () => master.Registry.Find("late")?.Status == SlaveStatus.Healthy,
            "the sweep one interval later to check the slave another process added");
        Assert.Null(master.Registry.Find("gone"));
        Assert.Equal(goneChecks, gone.HealthRequests);
        Assert.True(stay.HealthRequests > stayChecks, "the same sweep checks the slave that stayed");
        Assert.Equal(["late", "stay"], file.Ids());
        Assert.Equal(interval, time.GetUtcNow() - time.Start);
    }

    [Fact]
    public async Task CheckAsync_FileWithAStaleStatusFromTheOldMaster_StatusReplacedByTheMeasurementOtherFieldsKept()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        var file = new RegistryFile(master.DataDirectory);
        var entry = RegistryFile.Entry(slave.Port, "unhealthy");
        entry["label"] = "kept";
        file.Write(new JsonObject { ["pc"] = entry }.ToJsonString());

        var checkedSlave = await master.Monitor.CheckAsync("pc");

        Assert.Equal(SlaveStatus.Healthy, checkedSlave.Status);
        Assert.Equal("kept", (string?)file.Read()["pc"]!["label"]);
        Assert.Equal("healthy", (string?)file.Read()["pc"]!["status"]);
    }
}
