using System.Diagnostics.Metrics;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Registry;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>A user's own <see cref="ISlaveRegistry"/>, registered before <c>AddD8Master()</c>, replaces the file registry
/// everywhere: the hosted monitor, on-demand checks, the dispatcher and the metrics.</summary>
public sealed class ReplacementRegistryTests
{
    [Fact]
    public async Task AddD8Master_RegistryRegisteredBefore_IsTheOneTheMonitorTheDispatcherAndTheMetricsUse()
    {
        var registry = new InMemorySlaveRegistry();
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost(services: services => services.AddSingleton<ISlaveRegistry>(registry));
        Assert.Same(registry, master.Registry);
        _ = master.Dispatcher; // creates the master's instruments
        using var healthy = new MetricCollector<int>(master.Services.GetRequiredService<IMeterFactory>(), "D8.Distributed", "d8.slaves.healthy");

        await master.StartAsync();
        await registry.RegisterAsync(new SlaveRegistration("mine", slave.Host, slave.Port));

        // The hosted monitor was woken by the replacement's Changed event and wrote the result into it.
        await Poll.UntilAsync(() => registry.Find("mine")?.Status == SlaveStatus.Healthy, "the monitor to check the slave of the replacement registry");
        Assert.True(registry.Refreshes > 0, "the monitor asks the registry for other writers' edits");
        Assert.True(registry.Updates > 0, "the monitor records its results through the registry");

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));
        Assert.Equal("mine", result.SlaveId);
        Assert.Equal(1, slave.ExecuteRequests);

        healthy.RecordObservableInstruments();
        Assert.Equal(1, healthy.LastMeasurement?.Value);

        Assert.False(Directory.Exists(Path.Combine(master.DataDirectory, "slaves")), "the file registry must not have been used");
    }

    [Fact]
    public async Task CheckAsync_ReplacementRegistry_RecordsTheResultThroughIt()
    {
        var registry = new InMemorySlaveRegistry();
        await registry.RegisterAsync(new SlaveRegistration("dead", "127.0.0.1", DeadEndpoints.RefusingPort()));
        await using var master = new MasterHost(services: services => services.AddSingleton<ISlaveRegistry>(registry));

        var checkedSlave = await master.Monitor.CheckAsync("dead");

        Assert.Equal(SlaveStatus.Unhealthy, checkedSlave.Status);
        Assert.Equal(SlaveStatus.Unhealthy, registry.Find("dead")!.Status);
        Assert.True(master.Events.Has(SlaveEventKind.Down, "dead"));
    }
}
