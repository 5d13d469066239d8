using D8.HumanRequests.Internal;
using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>
/// Two store instances over one file, as two processes have (the master and the CLI), writing content of the same
/// length within one tick of the file-system clock: the stamp (length, write time) cannot tell the versions apart, the
/// generation in <c>requests.json.lock</c> can.
/// </summary>
public sealed class JsonFileHumanRequestStoreGenerationTests
{
    private static readonly DateTime PinnedWriteTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task UpdateAsync_AnotherStoreWroteTheSameLengthWithinTheSameStamp_NoWriteLost()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var disk = new HookedFileSystem { PinnedWriteTimeUtc = PinnedWriteTime };
        using var master = NewStore(dir.Path, time, disk);
        using var cli = NewStore(dir.Path, time, disk);
        await master.UpdateSnapshotAsync(_ => new HumanRequestStoreSnapshot(1, [Request(time, "aaaa", priority: 5)]), CancellationToken.None);
        Assert.Equal("aaaa", (await cli.ReadSnapshotAsync(CancellationToken.None)).Find("req-0001")!.Title);
        var stamp = disk.GetStamp(master.FilePath);

        // The master changes the title; the CLI, which read the file before, changes the priority: same lengths.
        await master.UpdateSnapshotAsync(s => s.WithRequest(s.Find("req-0001")! with { Title = "bbbb" }), CancellationToken.None);
        await cli.UpdateSnapshotAsync(s => s.WithRequest(s.Find("req-0001")! with { Priority = 6 }), CancellationToken.None);
        Assert.Equal(stamp, disk.GetStamp(master.FilePath));

        using var fresh = NewStore(dir.Path, time, disk);
        var saved = (await fresh.ReadSnapshotAsync(CancellationToken.None)).Find("req-0001")!;
        Assert.Equal(("bbbb", 6), (saved.Title, saved.Priority));
    }

    [Fact]
    public async Task ReadAsync_AnotherStoreWroteTheSameLengthWithinTheSameStamp_SeesTheChange()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var disk = new HookedFileSystem { PinnedWriteTimeUtc = PinnedWriteTime };
        using var master = NewStore(dir.Path, time, disk);
        using var cli = NewStore(dir.Path, time, disk);
        await cli.UpdateSnapshotAsync(_ => new HumanRequestStoreSnapshot(1, [Request(time, "aaaa", priority: 5)]), CancellationToken.None);
        Assert.Equal("aaaa", (await master.ReadSnapshotAsync(CancellationToken.None)).Find("req-0001")!.Title);
        var stamp = disk.GetStamp(master.FilePath);

        await cli.UpdateSnapshotAsync(s => s.WithRequest(s.Find("req-0001")! with { Title = "cccc" }), CancellationToken.None);
        Assert.Equal(stamp, disk.GetStamp(master.FilePath));

        Assert.Equal("cccc", (await master.ReadSnapshotAsync(CancellationToken.None)).Find("req-0001")!.Title);
    }

    private static JsonFileHumanRequestStore NewStore(string dataDirectory, TimeProvider time, HookedFileSystem disk) =>
        new(new D8HumanRequestsOptions { DataDirectory = dataDirectory }, time, NullLogger<JsonFileHumanRequestStore>.Instance, disk);

    private static HumanRequest Request(TimeProvider time, string title, int priority) => new()
    {
        Id = "req-0001",
        Type = HumanRequestType.Payment,
        Title = title,
        Priority = priority,
        CreatedAt = time.GetUtcNow(),
        CreatedBy = "test",
    };
}
