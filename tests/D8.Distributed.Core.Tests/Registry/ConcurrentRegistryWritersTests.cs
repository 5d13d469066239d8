using System.Text.Json.Nodes;
using D8.Distributed.Core.Internal;
using D8.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>Several writers of one <c>slaves/config.json</c>: threads of one registry, several registry instances (as
/// several processes have), and another tool editing the file under the same lock. No edit may be lost.</summary>
public sealed class ConcurrentRegistryWritersTests
{
    [Fact]
    public async Task RegisterAndUpdate_ConcurrentlyInOneRegistry_EveryRegistrationAndEveryStatusPersisted()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        using var registry = file.NewRegistry();
        await registry.RegisterAsync(new SlaveRegistration("watched", "127.0.0.1", 7000));

        var registrations = Enumerable.Range(0, 30).Select(i => Task.Run(async () => await registry.RegisterAsync(new SlaveRegistration($"pc-{i:00}", "127.0.0.1", 7100 + i))));
        var statuses = Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
            await registry.UpdateAsync("watched", s => s with { Status = i % 2 == 0 ? SlaveStatus.Healthy : SlaveStatus.Draining, Commit = $"c{i}" })));
        await Task.WhenAll([.. registrations, .. statuses]);
        await registry.UpdateAsync("watched", s => s with { Status = SlaveStatus.Healthy, Commit = "final" });

        var written = file.Read();
        Assert.Equal(31, written.Count);
        Assert.Equal("final", (string?)written["watched"]!["commit"]);
        Assert.Equal("healthy", (string?)written["watched"]!["status"]);
        Assert.Equal(31, registry.GetAll().Count);
        Assert.Empty(Directory.GetFiles(file.Directory, "*.tmp"));
    }

    [Fact]
    public async Task RegisterAndUnregister_FromSeveralRegistryInstancesAtOnce_NoRegistrationOrRemovalLost()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        var registries = Enumerable.Range(0, 4).Select(_ => file.NewRegistry()).ToList();
        try
        {
            // Each instance first sees the (empty) file, so each one's memory is stale for the others' writes.
            Assert.All(registries, r => Assert.Empty(r.GetAll()));
            await registries[0].RegisterAsync(new SlaveRegistration("doomed-0", "127.0.0.1", 7600));
            await registries[1].RegisterAsync(new SlaveRegistration("doomed-1", "127.0.0.1", 7600));

            var work = registries.SelectMany((registry, r) => Enumerable.Range(0, 10).Select(i => (Task)Task.Run(async () =>
                await registry.RegisterAsync(new SlaveRegistration($"r{r}-{i}", "127.0.0.1", 7000 + (r * 10) + i)))))
                .Append(Task.Run(async () => await registries[2].UnregisterAsync("doomed-0")))
                .Append(Task.Run(async () => await registries[3].UnregisterAsync("doomed-1")))
                .Append(Task.Run(async () =>
                {
                    // A health sweep of an instance that never saw most of these slaves: merged, never a rollback.
                    for (var round = 0; round < 10; round++)
                    {
                        await registries[0].UpdateAsync([.. registries[0].GetAll().Select(s => new SlaveUpdate(s.Id, c => c with { Status = SlaveStatus.Unhealthy }))]);
                    }
                }));
            await Task.WhenAll(work);

            var expected = Enumerable.Range(0, 4).SelectMany(r => Enumerable.Range(0, 10).Select(i => $"r{r}-{i}")).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, file.Ids());
            foreach (var registry in registries)
            {
                await registry.RefreshAsync();
                Assert.Equal(expected, registry.GetAll().Select(s => s.Id));
            }
        }
        finally
        {
            registries.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task UpdateAsync_AnotherToolRemovedOneSlaveAndAddedAnother_IsMergedOntoTheCurrentFile()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write(new JsonObject { ["w1"] = RegistryFile.Entry(7001), ["w2"] = RegistryFile.Entry(7002) }.ToJsonString());
        using var master = file.NewRegistry();
        Assert.Equal(["w1", "w2"], master.GetAll().Select(s => s.Id));

        await file.EditAsync(json =>
        {
            json.Remove("w1");
            json["w3"] = RegistryFile.Entry(7003);
            json["w2"]!["owner"] = "ops";
        });
        var changes = await master.UpdateAsync(
        [
            new SlaveUpdate("w1", s => s with { Status = SlaveStatus.Unhealthy }),
            new SlaveUpdate("w2", s => s with { Status = SlaveStatus.Healthy, Commit = "abc1234" }),
        ]);

        Assert.Equal(["w2"], changes.Select(c => c.After.Id));
        var written = file.Read();
        Assert.Equal(["w2", "w3"], file.Ids());
        Assert.Equal("healthy", (string?)written["w2"]!["status"]);
        Assert.Equal("ops", (string?)written["w2"]!["owner"]);
        Assert.Equal("unknown", (string?)written["w3"]!["status"]);
        Assert.Equal(["w2", "w3"], master.GetAll().Select(s => s.Id));
    }

    [Fact]
    public async Task UpdateAsync_SameLengthRewriteTheStampCannotSee_IsStillMergedNotOverwritten()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write(new JsonObject { ["w1"] = RegistryFile.Entry(7001), ["w2"] = RegistryFile.Entry(7002) }.ToJsonString());
        using var master = file.NewRegistry();
        Assert.Equal(2, master.GetAll().Count);
        var stamp = File.GetLastWriteTimeUtc(file.Path);
        var length = new FileInfo(file.Path).Length;

        // Another tool renames w1 to w9 (same length) within one tick of a coarse file-system clock: same stamp.
        await file.EditAsync(json =>
        {
            json["w9"] = json["w1"]!.DeepClone();
            json.Remove("w1");
        });
        File.SetLastWriteTimeUtc(file.Path, stamp);
        Assert.Equal(length, new FileInfo(file.Path).Length);

        await master.UpdateAsync("w2", s => s with { Status = SlaveStatus.Healthy });

        Assert.Equal(["w2", "w9"], file.Ids());
        Assert.Equal(["w2", "w9"], master.GetAll().Select(s => s.Id));
    }

    [Fact]
    public async Task RegisterAsync_IdAddedMeanwhileByAnotherProcess_IsRefusedAsDuplicate()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        using var master = file.NewRegistry();
        Assert.Empty(master.GetAll());
        using var cli = file.NewRegistry();
        await cli.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => master.RegisterAsync(new SlaveRegistration("pc", "10.0.0.2")).AsTask());

        Assert.Contains("'pc' is already registered (http://10.0.0.1:7600/)", error.Message, StringComparison.Ordinal);
        Assert.Equal("10.0.0.1", (string?)file.Read()["pc"]!["host"]);
    }

    [Fact]
    public async Task RegisterAsync_LockHeldByAnotherProcessPastTheTimeout_FailsNamingTheFileAndWritesNothing()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("{}");
        var registry = new FileSlaveRegistry(
            Microsoft.Extensions.Options.Options.Create(new D8MasterOptions { DataDirectory = data.Path, Token = "t" }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FileSlaveRegistry>.Instance,
            D8.Shared.AtomicFiles.PhysicalFileSystem.Instance,
            new D8.Shared.AtomicFiles.AtomicFileOptions { LockTimeout = TimeSpan.FromMilliseconds(300) });
        using (registry)
        {
            await using (await file.LockAsync())
            {
                var error = await Assert.ThrowsAsync<SlaveRegistryException>(() => registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1")).AsTask());

                Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
                Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
            }

            Assert.Equal("{}", File.ReadAllText(file.Path));
            Assert.Null(registry.Find("pc"));
        }
    }
}
