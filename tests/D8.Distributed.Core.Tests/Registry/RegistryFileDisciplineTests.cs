using System.Text.Json.Nodes;
using D8.Testing;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>What the file registry does with what it finds on disk: temp files, corrupt content, unknown fields, other
/// writers' edits.</summary>
public sealed class RegistryFileDisciplineTests
{
    [Fact]
    public void GetAll_FirstUse_RemovesTempFilesOlderThanAMinuteAndKeepsFreshOnesAndOtherFiles()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("""{"pc":{"host":"127.0.0.1","port":7600}}""");
        var now = DateTimeOffset.UtcNow;
        var orphan = Path.Combine(file.Directory, "config.json.0123456789abcdef0123456789abcdef.tmp");
        var fresh = Path.Combine(file.Directory, "config.json.fedcba9876543210fedcba9876543210.tmp");
        var unrelated = Path.Combine(file.Directory, "notes.0123.tmp");
        foreach (var path in new[] { orphan, fresh, unrelated })
        {
            File.WriteAllText(path, "{\"half\":");
        }

        File.SetLastWriteTimeUtc(orphan, now.UtcDateTime - TimeSpan.FromMinutes(2));
        File.SetLastWriteTimeUtc(unrelated, now.UtcDateTime - TimeSpan.FromMinutes(2));
        using var registry = file.NewRegistry(timeProvider: new FakeTimeProvider(now));

        Assert.Single(registry.GetAll());

        Assert.False(File.Exists(orphan), "a temp file of the registry older than a minute is what a killed writer left");
        Assert.True(File.Exists(fresh), "a fresh temp file may belong to a live writer");
        Assert.True(File.Exists(unrelated), "only the registry's own temp files are touched");
    }

    [Fact]
    public async Task Writes_CorruptFileWhileRunning_EveryWriterRefusesNamingTheFileAndNeverOverwritesIt()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        using var registry = file.NewRegistry();
        await registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1", 7001));
        file.Write("{\"pc\": {\"host\": ");

        var register = await Assert.ThrowsAsync<SlaveRegistryException>(() => registry.RegisterAsync(new SlaveRegistration("other", "127.0.0.1")).AsTask());
        var unregister = await Assert.ThrowsAsync<SlaveRegistryException>(() => registry.UnregisterAsync("pc").AsTask());

        // A refresh carries on with the last good copy (and logs the problem once).
        await registry.RefreshAsync();
        Assert.Equal(["pc"], registry.GetAll().Select(s => s.Id));
        var sweep = await registry.UpdateAsync([new SlaveUpdate("pc", s => s with { Status = SlaveStatus.Healthy })]);

        Assert.All([register, unregister], error =>
        {
            Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
            Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
            Assert.Equal(file.Path, error.Location);
        });
        Assert.Equal("{\"pc\": {\"host\": ", File.ReadAllText(file.Path));

        // Health measured while the file is broken is still what this process works with.
        Assert.Equal(SlaveStatus.Healthy, Assert.Single(sweep).After.Status);
        Assert.Equal(SlaveStatus.Healthy, registry.Find("pc")!.Status);
        Assert.Null(registry.Find("other"));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("""{"pc": {"port": 7600}}""")]
    [InlineData("""{"pc": {"host": "h", "port": 70000}}""")]
    [InlineData("")]
    public void GetAll_CorruptFile_ThrowsNamingTheFileAndLeavesItUntouched(string content)
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write(content);
        using var registry = file.NewRegistry();

        var error = Assert.Throws<SlaveRegistryException>(() => registry.GetAll());

        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(file.Path));
    }

    [Fact]
    public async Task UpdateAsync_EntriesWithFieldsThisVersionDoesNotKnow_KeepsThemAndTheTextOfUnchangedTimestamps()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("""
            {"pc":{"host":"127.0.0.1","port":7600,"status":"unknown","install_method":"python","registered_at":"2025-11-20T10:00:00","last_seen":"never","gpu_model":"RTX 3060","notes":{"room":"office"}},
             "old":{"host":"127.0.0.1","port":7601,"status":"unhealthy","registered_at":"2025-11-20T10:00:00.5","last_seen":"2025-11-21T08:00:00","added_by":"python"}}
            """);
        using var registry = file.NewRegistry();

        await registry.UpdateAsync([new SlaveUpdate("pc", s => s with { Status = SlaveStatus.Healthy, Commit = "abc1234", LastSeen = DateTimeOffset.Now })]);

        var written = file.Read();
        Assert.Equal("RTX 3060", (string?)written["pc"]!["gpu_model"]);
        Assert.Equal("office", (string?)written["pc"]!["notes"]!["room"]);
        Assert.Equal("healthy", (string?)written["pc"]!["status"]);
        Assert.Equal("2025-11-20T10:00:00", (string?)written["pc"]!["registered_at"]);
        Assert.False(written["pc"]!["version_mismatch"]!.GetValue<bool>());

        // An entry the update did not name is written back exactly as it was.
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"host":"127.0.0.1","port":7601,"status":"unhealthy","registered_at":"2025-11-20T10:00:00.5","last_seen":"2025-11-21T08:00:00","added_by":"python"}"""), written["old"]),
            written["old"]!.ToJsonString());
    }

    [Fact]
    public async Task RefreshAsync_AnotherWriterAddedAndRemovedSlaves_AppliesThemAndRaisesChanged()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write(new JsonObject { ["w1"] = RegistryFile.Entry(7001), ["w2"] = RegistryFile.Entry(7002) }.ToJsonString());
        using var registry = file.NewRegistry();
        Assert.Equal(2, registry.GetAll().Count);
        var raised = new List<SlaveRegistryChangedEventArgs>();
        registry.Changed += (_, change) => raised.Add(change);

        await file.EditAsync(json =>
        {
            json.Remove("w1");
            json["w3"] = RegistryFile.Entry(7003);
            json["w2"]!["port"] = 7102;
        });
        await registry.RefreshAsync();
        await registry.RefreshAsync();

        Assert.Equal(["w2", "w3"], registry.GetAll().Select(s => s.Id));
        Assert.Equal(7102, registry.Find("w2")!.Port);
        var change = Assert.Single(raised);
        Assert.Equal(["w3"], change.Added);
        Assert.Equal(["w1"], change.Removed);
        Assert.Equal(["w2"], change.Moved);
    }

    [Fact]
    public async Task RegisterAndUnregister_InThisProcess_RaiseChangedWithTheId()
    {
        using var data = new TempDirectory();
        using var registry = new RegistryFile(data.Path).NewRegistry();
        var raised = new List<SlaveRegistryChangedEventArgs>();
        registry.Changed += (_, change) => raised.Add(change);
        registry.Changed += (_, _) => throw new InvalidOperationException("a broken subscriber");

        await registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1"));
        await registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy });
        await registry.UnregisterAsync("pc");

        Assert.Equal(2, raised.Count);
        Assert.Equal(["pc"], raised[0].Added);
        Assert.Equal(["pc"], raised[1].Removed);
    }

    [Fact]
    public async Task UpdateAsync_CannotMoveASlaveNorResurrectOne()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        using var registry = file.NewRegistry();
        await registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1", 7001));

        var moved = await registry.UpdateAsync("pc", s => s with { Host = "10.9.9.9", Port = 9, Id = "other", Status = SlaveStatus.Draining });
        await registry.UnregisterAsync("pc");
        var gone = await registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy });

        Assert.Equal(new Uri("http://127.0.0.1:7001/"), moved!.After.BaseAddress);
        Assert.Equal("pc", moved.After.Id);
        Assert.Equal(SlaveStatus.Draining, moved.After.Status);
        Assert.Null(gone);
        Assert.Empty(file.Read());
    }

    [Fact]
    public async Task ConfiguredSlave_RemovedFromTheFileByAnotherWriter_StaysAndConfigurationWinsForItsAddress()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write(new JsonObject { ["desk"] = RegistryFile.Entry(7001, "healthy"), ["w1"] = RegistryFile.Entry(7002) }.ToJsonString());
        using var registry = file.NewRegistry(options => options.Slaves["desk"] = new D8SlaveEndpointOptions { Host = "192.168.1.100", Port = 7600, Capabilities = ["gpu"] });
        var desk = registry.Find("desk")!;
        Assert.Equal(new Uri("http://192.168.1.100:7600/"), desk.BaseAddress);
        Assert.Equal(SlaveStatus.Healthy, desk.Status);

        await file.EditAsync(json => json.Remove("desk"));
        await registry.RefreshAsync();
        await registry.UpdateAsync([new SlaveUpdate("w1", s => s with { Status = SlaveStatus.Unhealthy })]);

        Assert.Equal(["desk", "w1"], registry.GetAll().Select(s => s.Id));
        Assert.Equal(["gpu"], registry.Find("desk")!.Capabilities);
        Assert.Equal("192.168.1.100", (string?)file.Read()["desk"]!["host"]);
    }
}
