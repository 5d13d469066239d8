using System.Globalization;
using System.Text.Json.Nodes;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;

namespace D8.Distributed.Core.Tests.Registry;

public sealed class FileSlaveRegistryTests
{
    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", "slaves", "config.json");

    [Fact]
    public async Task GetAll_OldPythonFile_LoadsEveryEntryIncludingNeverSeenAndMissingCommit()
    {
        await using var master = new MasterHost();
        CopyFixture(master);

        var slaves = master.Registry.GetAll();

        Assert.Equal(["pc-leonardo", "slave-local-test"], slaves.Select(s => s.Id));
        var local = master.Registry.Find("slave-local-test")!;
        Assert.Equal("127.0.0.1", local.Host);
        Assert.Equal(17600, local.Port);
        Assert.Equal(SlaveStatus.Healthy, local.Status);
        Assert.Equal("python", local.InstallMethod);
        Assert.Equal("abc1234def", local.Commit);
        Assert.False(local.VersionMismatch);
        Assert.NotNull(local.LastSeen);
        Assert.Equal(DateTime.Parse("2026-11-26T00:47:22.625777", CultureInfo.InvariantCulture), local.RegisteredAt!.Value.DateTime);
        var leonardo = master.Registry.Find("pc-leonardo")!;
        Assert.Equal(SlaveStatus.Unhealthy, leonardo.Status);
        Assert.Equal("docker", leonardo.InstallMethod);
        Assert.Null(leonardo.LastSeen);
        Assert.Null(leonardo.Commit);
        Assert.Equal(new Uri("http://127.0.0.1:17999/"), leonardo.BaseAddress);
    }

    [Fact]
    public async Task RegisterAsync_AfterLoadingTheOldFile_RewritesItInTheOldFormatKeepingEveryOldEntry()
    {
        await using var master = new MasterHost();
        var path = CopyFixture(master);
        var original = JsonNode.Parse(File.ReadAllText(FixturePath))!.AsObject();

        await master.Registry.RegisterAsync(new SlaveRegistration("vps", "10.0.0.5", 7601) { Capabilities = ["gpu"], InstallMethod = "docker" });

        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(JsonNode.DeepEquals(original["slave-local-test"], written["slave-local-test"]), written["slave-local-test"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(original["pc-leonardo"], written["pc-leonardo"]), written["pc-leonardo"]!.ToJsonString());
        var vps = written["vps"]!.AsObject();
        Assert.Equal("10.0.0.5", vps["host"]!.GetValue<string>());
        Assert.Equal(7601, vps["port"]!.GetValue<int>());
        Assert.Equal("unknown", vps["status"]!.GetValue<string>());
        Assert.Equal("docker", vps["install_method"]!.GetValue<string>());
        Assert.Equal("never", vps["last_seen"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$", vps["registered_at"]!.GetValue<string>());
        Assert.Equal("gpu", vps["capabilities"]![0]!.GetValue<string>());
        Assert.False(vps.ContainsKey("commit"));

        // A fresh registry (a restart) reads back what was written.
        await using var restarted = new MasterHost(options => options.DataDirectory = master.DataDirectory);
        Assert.Equal(["gpu"], restarted.Registry.Find("vps")!.Capabilities);
        Assert.Equal(3, restarted.Registry.GetAll().Count);
    }

    [Fact]
    public async Task Save_UnknownFieldsOfOldEntries_AreKept()
    {
        await using var master = new MasterHost();
        var path = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """{"pc":{"host":"127.0.0.1","port":7600,"status":"healthy","install_method":"python","registered_at":"2025-11-20T10:00:00","last_seen":"never","gpu_model":"RTX 3060","notes":{"room":"office"}}}""");

        await master.Registry.RegisterAsync(new SlaveRegistration("other", "127.0.0.1", 7700));

        var written = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("RTX 3060", written["pc"]!["gpu_model"]!.GetValue<string>());
        Assert.Equal("office", written["pc"]!["notes"]!["room"]!.GetValue<string>());
        Assert.Equal("2025-11-20T10:00:00", written["pc"]!["registered_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task RegisterAsync_SameIdTwice_Throws()
    {
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => master.Registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.2")).AsTask());

        Assert.Contains("'pc' is already registered", error.Message, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", master.Registry.Find("pc")!.Host);
    }

    [Fact]
    public async Task RegisterAsync_InvalidRegistration_Throws()
    {
        await using var master = new MasterHost();

        await Assert.ThrowsAsync<ArgumentNullException>(() => master.Registry.RegisterAsync(null!).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => master.Registry.RegisterAsync(new SlaveRegistration("", "h")).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => master.Registry.RegisterAsync(new SlaveRegistration("pc", " ")).AsTask());
        var port = await Assert.ThrowsAsync<ArgumentException>(() => master.Registry.RegisterAsync(new SlaveRegistration("pc", "h", 70000)).AsTask());
        Assert.Contains("70000", port.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnregisterAsync_RemovesFromMemoryAndFile()
    {
        await using var master = new MasterHost();
        var path = CopyFixture(master);

        Assert.True(await master.Registry.UnregisterAsync("pc-leonardo"));
        Assert.False(await master.Registry.UnregisterAsync("pc-leonardo"));

        Assert.Null(master.Registry.Find("pc-leonardo"));
        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.False(written.ContainsKey("pc-leonardo"));
        Assert.True(written.ContainsKey("slave-local-test"));
    }

    [Fact]
    public async Task RegisterAsync_ManyConcurrentCalls_AllPersistedInOneValidFile()
    {
        await using var master = new MasterHost();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(async () => await master.Registry.RegisterAsync(new SlaveRegistration($"pc-{i:00}", "127.0.0.1", 7000 + i)))));

        Assert.Equal(40, master.Registry.GetAll().Count);
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(master.DataDirectory, "slaves", "config.json")))!.AsObject();
        Assert.Equal(40, written.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(master.DataDirectory, "slaves"), "*.tmp"));
    }

    [Fact]
    public async Task RegisterAsync_SameIdConcurrently_ExactlyOneWins()
    {
        await using var master = new MasterHost();

        var attempts = Enumerable.Range(0, 10)
            .Select(i => Task.Run(async () => await master.Registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1", 7000 + i))))
            .ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InvalidOperationException)
        {
            // Expected for all but one.
        }

        Assert.Equal(1, attempts.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(9, attempts.Count(t => t.IsFaulted));
    }

    [Fact]
    public async Task GetAll_CorruptFile_ThrowsNamingTheFileAndLeavesItUntouched()
    {
        await using var master = new MasterHost();
        var path = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<SlaveRegistryException>(() => master.Registry.GetAll());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", File.ReadAllText(path));
    }

    [Fact]
    public async Task GetAll_SlavesFromConfiguration_JoinThePersistedOnes()
    {
        await using var master = new MasterHost(options =>
        {
            options.Slaves["desk"] = new D8SlaveEndpointOptions { Host = "192.168.1.100", Port = 7600, Capabilities = ["docker"] };
            options.Slaves["slave-local-test"] = new D8SlaveEndpointOptions { Host = "127.0.0.2", Port = 17601 };
        });
        CopyFixture(master);

        var slaves = master.Registry.GetAll();

        Assert.Equal(["desk", "pc-leonardo", "slave-local-test"], slaves.Select(s => s.Id));
        Assert.Equal(["docker"], master.Registry.Find("desk")!.Capabilities);
        var overridden = master.Registry.Find("slave-local-test")!;
        Assert.Equal("127.0.0.2", overridden.Host);
        Assert.Equal("abc1234def", overridden.Commit);
    }

    private static string CopyFixture(MasterHost master)
    {
        var target = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(FixturePath, target);
        return target;
    }
}
