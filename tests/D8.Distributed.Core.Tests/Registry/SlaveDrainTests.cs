using System.Text.Json.Nodes;
using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// Drained by the operator: persisted as <c>"drained": true</c> in slaves/config.json, kept by health sweeps, cleared by
/// undrain, picked up from another writer's edit, and a drained slave gets no task.
/// </summary>
public sealed class SlaveDrainTests
{
    [Fact]
    public async Task UpdateAsync_Drained_IsPersistedAndSurvivesAHealthSweepAndARestart()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave);

        await master.Registry.UpdateAsync("pc", s => s with { Drained = true });
        var swept = await master.Monitor.CheckAllAsync();

        var file = new RegistryFile(master.DataDirectory);
        Assert.True(file.Read()["pc"]!["drained"]!.GetValue<bool>());
        Assert.Equal(SlaveStatus.Healthy, Assert.Single(swept).Status);
        Assert.True(Assert.Single(swept).Drained, "the health sweep must not clear the operator's drain");
        Assert.True(file.Read()["pc"]!["drained"]!.GetValue<bool>());
        using var restarted = file.NewRegistry();
        Assert.True(restarted.Find("pc")!.Drained);
    }

    [Fact]
    public async Task UpdateAsync_Undrained_RemovesTheFieldSoTheEntryLooksAsTheOldRegistryWroteIt()
    {
        await using var master = new MasterHost();
        await master.AddAsync("pc", DeadEndpoints.RefusingPort());
        await master.Registry.UpdateAsync("pc", s => s with { Drained = true });

        await master.Registry.UpdateAsync("pc", s => s with { Drained = false });

        Assert.False(master.Registry.Find("pc")!.Drained);
        Assert.False(new RegistryFile(master.DataDirectory).Read()["pc"]!.AsObject().ContainsKey("drained"));
    }

    [Fact]
    public async Task RefreshAsync_AnotherWriterDrainedTheSlave_IsPickedUp()
    {
        await using var master = new MasterHost();
        await master.AddAsync("pc", DeadEndpoints.RefusingPort());
        var file = new RegistryFile(master.DataDirectory);

        await file.EditAsync(json => json["pc"]!["drained"] = JsonValue.Create(true));
        await master.Registry.RefreshAsync();

        Assert.True(master.Registry.Find("pc")!.Drained);
    }

    [Fact]
    public async Task DispatchAsync_OnlySlaveDrained_IsExcludedWithTheReason()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave);
        await master.Monitor.CheckAllAsync();
        await master.Registry.UpdateAsync("pc", s => s with { Drained = true });

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass")));

        Assert.Equal("drained by the operator", error.Exclusions["pc"]);
        Assert.Equal(0, slave.ExecuteRequests);
    }
}
