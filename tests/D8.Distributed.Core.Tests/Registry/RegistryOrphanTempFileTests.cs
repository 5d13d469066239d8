using D8.Shared.AtomicFiles;
using D8.Testing;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// Temp files left by writers killed between their write and their rename: judged by the real clock (file write times
/// are real), and looked for again while a long-running process keeps going, not only on its first use.
/// </summary>
public sealed class RegistryOrphanTempFileTests
{
    [Fact]
    public async Task UpdateAsync_TempFileLeftByAProcessKilledAfterThisOneStarted_IsRemovedByALaterWrite()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        using var master = file.NewRegistry(fileOptions: new AtomicFileOptions { OrphanTempFileCleanupInterval = TimeSpan.Zero });
        await master.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1"));

        // A CLI process killed before its rename, long after the master's first use.
        var orphan = LeaveTempFile(file, "0123456789abcdef0123456789abcdef", DateTime.UtcNow - TimeSpan.FromMinutes(5));
        await master.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy });

        Assert.False(File.Exists(orphan), "the running master must also tidy what later writers left");
    }

    [Fact]
    public async Task UpdateAsync_WithinTheCleanupInterval_DoesNotScanTheDirectoryAgain()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        var disk = new HookedFileSystem();
        using var master = file.NewRegistry(fileSystem: disk);
        await master.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1"));

        for (var i = 0; i < 5; i++)
        {
            await master.UpdateAsync("pc", s => s with { Status = i % 2 == 0 ? SlaveStatus.Healthy : SlaveStatus.Unhealthy });
        }

        Assert.Equal(1, disk.Scans);
    }

    [Fact]
    public void GetAll_FakeClockFarAhead_KeepsAFreshTempFileOfALiveWriter()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("{}");
        var fresh = LeaveTempFile(file, "fedcba9876543210fedcba9876543210", DateTime.UtcNow);
        using var registry = file.NewRegistry(timeProvider: new FakeTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Empty(registry.GetAll());

        Assert.True(File.Exists(fresh), "a temp file written a moment ago (real time) may belong to a live writer");
    }

    [Fact]
    public void GetAll_FakeClockInThePast_RemovesATempFileThatIsOldInRealTime()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("{}");
        var orphan = LeaveTempFile(file, "0123456789abcdef0123456789abcdef", DateTime.UtcNow - TimeSpan.FromMinutes(5));
        using var registry = file.NewRegistry(timeProvider: new FakeTimeProvider(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Empty(registry.GetAll());

        Assert.False(File.Exists(orphan), "five minutes old on the real clock is an orphan, whatever the injected clock says");
    }

    private static string LeaveTempFile(RegistryFile file, string id, DateTime writeTimeUtc)
    {
        Directory.CreateDirectory(file.Directory);
        var path = Path.Combine(file.Directory, $"config.json.{id}.tmp");
        File.WriteAllText(path, "{\"half\":");
        File.SetLastWriteTimeUtc(path, writeTimeUtc);
        return path;
    }
}
