using D8.Distributed.Core;
using D8.HumanRequests;
using D8.HumanRequests.Internal;
using D8.Reliability.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace D8.Reliability.Tests.Faults;

/// <summary>
/// The JSON stores on a full disk (through the store's file-system seam) and in a data directory that cannot be
/// created (its parent is a regular FILE: chmod does not stop root, this does).
/// </summary>
[Trait("Category", "Fault")]
public sealed class StorageFaultTests
{
    [Fact]
    public async Task HumanRequests_DiskFull_ChangesRefusedNamingTheCause_NothingLostOrDuplicated_ThenWorksAgain()
    {
        using var data = new TempDirectory("d8-full-disk");
        var disk = new FullDiskFileSystem();
        await using (var services = Build(data.Path, disk))
        {
            var manager = services.GetRequiredService<IHumanRequestManager>();
            var first = await manager.CreateAsync(Request("Primero"));
            var second = await manager.CreateAsync(Request("Segundo"));
            var fileBefore = await File.ReadAllBytesAsync(Path.Combine(data.Path, "human_requests", "requests.json"));

            disk.Full = true;
            var approve = await Assert.ThrowsAsync<HumanRequestStoreException>(() => manager.ApproveAsync(first.Id, "owner"));
            var create = await Assert.ThrowsAsync<HumanRequestStoreException>(() => manager.CreateAsync(Request("Tercero")));

            Assert.Contains(FullDiskFileSystem.NoSpace, approve.Message, StringComparison.Ordinal);
            Assert.Contains("requests.json", approve.Message, StringComparison.Ordinal);
            Assert.Contains(FullDiskFileSystem.NoSpace, create.Message, StringComparison.Ordinal);
            Assert.Equal(HumanRequestStatus.Pending, (await manager.GetAsync(first.Id)).Status);
            Assert.Equal(2, (await manager.ListAsync()).Count);
            Assert.Equal(fileBefore, await File.ReadAllBytesAsync(Path.Combine(data.Path, "human_requests", "requests.json")));
            Assert.Empty(Directory.GetFiles(Path.Combine(data.Path, "human_requests"), "*.tmp*"));

            disk.Full = false;
            await manager.ApproveAsync(first.Id, "owner");
            var third = await manager.CreateAsync(Request("Tercero"));
            Assert.Equal("req-0003", third.Id);
            Assert.Equal(2, disk.FailedWrites);
            Assert.Equal(second.Id, (await manager.GetAsync(second.Id)).Id);
        }

        // A fresh process reads exactly what was acknowledged.
        await using var reloaded = Build(data.Path, new FullDiskFileSystem());
        var all = await reloaded.GetRequiredService<IHumanRequestManager>().ListAsync();
        Assert.Equal(["req-0001", "req-0002", "req-0003"], all.Select(r => r.Id));
        Assert.Equal(HumanRequestStatus.Approved, all[0].Status);
        Assert.Single(all[0].History, h => h.To == HumanRequestStatus.Approved);
        Assert.Equal(HumanRequestStatus.Pending, all[1].Status);
    }

    [Fact]
    public async Task HumanRequests_DataDirectoryCannotBeCreated_CreateFailsNamingTheDirectory_AndNoIdIsUsed()
    {
        using var data = new TempDirectory("d8-unwritable");
        var blocker = data.Combine("not-a-directory");
        await File.WriteAllTextAsync(blocker, "a regular file where the data directory's parent should be");
        await using var services = Build(Path.Combine(blocker, "d8_data"), fileSystem: null);
        var manager = services.GetRequiredService<IHumanRequestManager>();

        var error = await Assert.ThrowsAsync<HumanRequestStoreException>(() => manager.CreateAsync(Request("Sin disco")));

        Assert.Contains(Path.Combine(blocker, "d8_data", "human_requests"), error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be created", error.Message, StringComparison.Ordinal);
        Assert.Empty(await manager.ListAsync());
    }

    [Fact]
    public async Task SlaveRegistry_DataDirectoryCannotBeCreated_RegisterFailsNamingTheFile_ConfiguredSlavesAreStillChecked_TasksAreRefusedNamingTheStore()
    {
        using var data = new TempDirectory("d8-unwritable-registry");
        var blocker = data.Combine("not-a-directory");
        await File.WriteAllTextAsync(blocker, "a regular file");
        await using var slave = await InProcessSlave.StartAsync();
        await using var master = new MasterHarness(options =>
        {
            options.DataDirectory = Path.Combine(blocker, "d8_data");
            options.Slaves["configured"] = new D8SlaveEndpointOptions { Host = "127.0.0.1", Port = slave.Port };
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await master.AddAsync("runtime", slave.Port));
        Assert.Contains(Path.Combine(blocker, "d8_data", "slaves"), error.Message, StringComparison.Ordinal);
        Assert.Null(master.Registry.Find("runtime"));

        var checkedSlaves = await master.Monitor.CheckAllAsync();
        Assert.Equal(SlaveStatus.Healthy, Assert.Single(checkedSlaves).Status);

        // The queue cannot store a task durably there: it refuses it, naming the file, rather than run it unrecorded.
        var refused = await Assert.ThrowsAsync<TaskStoreException>(() => master.Dispatcher.DispatchAsync(new D8.Distributed.Core.D8Task { Command = "print(6*7)", Method = "python" }));
        Assert.Contains(Path.Combine(blocker, "d8_data", "tasks.db"), refused.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string dataDirectory, FullDiskFileSystem? fileSystem)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var options = new D8HumanRequestsOptions { DataDirectory = dataDirectory };
        if (fileSystem is not null)
        {
            services.AddSingleton<IHumanRequestStore>(new JsonFileHumanRequestStore(options, TimeProvider.System, NullLogger<JsonFileHumanRequestStore>.Instance, fileSystem));
        }

        services.AddD8HumanRequests(o => o.DataDirectory = dataDirectory);
        return services.BuildServiceProvider();
    }

    private static NewHumanRequest Request(string title) => new()
    {
        Type = HumanRequestType.DesignDecision,
        Title = title,
        Priority = 5,
        CreatedBy = "reliability",
    };
}
