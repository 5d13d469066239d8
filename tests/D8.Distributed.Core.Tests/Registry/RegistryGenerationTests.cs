using D8.Testing;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// A rewrite of the same length within one tick of the file-system clock leaves the stamp (length, write time) as it
/// was; the generation every locked writer puts into <c>config.json.lock</c> is what shows it to other instances.
/// </summary>
public sealed class RegistryGenerationTests
{
    private static readonly DateTime PinnedWriteTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RefreshAsync_AnotherInstanceRewroteTheFileWithTheSameLengthAndWriteTime_SeesTheEdit()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        var disk = HookedFileSystem.PinningWriteTime(PinnedWriteTime);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        using var master = file.NewRegistry(timeProvider: time, fileSystem: disk);
        using var cli = file.NewRegistry(timeProvider: time, fileSystem: disk);
        await cli.RegisterAsync(new SlaveRegistration("w1", "127.0.0.1", 7001));
        Assert.Equal(["w1"], master.GetAll().Select(s => s.Id));
        var stamp = disk.GetStamp(file.Path);

        // Another process replaces w1 by w2: same length, same (pinned) write time.
        Assert.True(await cli.UnregisterAsync("w1"));
        await cli.RegisterAsync(new SlaveRegistration("w2", "127.0.0.1", 7001));
        Assert.Equal(stamp, disk.GetStamp(file.Path));

        await master.RefreshAsync();

        Assert.Equal(["w2"], master.GetAll().Select(s => s.Id));
    }
}
