using D8.HumanRequests.Internal;
using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>
/// A hand-corrupted <c>requests.json</c> under a running host: the background pass logs one line once per corruption
/// (again only after the file was fixed and broke again), naming the file and the parse error, without an exception;
/// never a stack trace per poll. The file is left as it is.
/// </summary>
public sealed class CorruptFileLoggingTests
{
    private const int StoreUnusable = 3002;
    private const int StoreUsableAgain = 3004;

    [Fact]
    public async Task BackgroundPass_FileCorruptedWhileRunning_OneErrorLineOncePerCorruption()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var good = await File.ReadAllBytesAsync(path);
        var disk = new HookedFileSystem { CountReadsOf = path };
        await using var host = await TestHost.StartAsync(dir.Path, services: services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
            services.Replace(ServiceDescriptor.Singleton<IHumanRequestStore>(sp => new JsonFileHumanRequestStore(
                new D8HumanRequestsOptions { DataDirectory = dir.Path },
                sp.GetRequiredService<TimeProvider>(),
                NullLogger<JsonFileHumanRequestStore>.Instance,
                disk)));
        });
        var logs = host.Services.GetFakeLogCollector();

        await File.WriteAllTextAsync(path, """{"counter": 5, "requests": [{"request_id": """);
        await PassesAsync(host, disk, 3);

        var line = Assert.Single(Problems(logs));
        Assert.Equal(StoreUnusable, line.Id.Id);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains(path, line.Message, StringComparison.Ordinal);
        Assert.Contains("is corrupt (", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
        Assert.Equal("""{"counter": 5, "requests": [{"request_id": """, await File.ReadAllTextAsync(path));

        // Fixed: said once; broken again: one more line.
        await File.WriteAllBytesAsync(path, good);
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => logs.GetSnapshot().Any(r => r.Id.Id == StoreUsableAgain), "a background pass over the fixed file");
        Assert.Single(logs.GetSnapshot(), r => r.Id.Id == StoreUsableAgain);
        Assert.Single(Problems(logs));

        await File.WriteAllTextAsync(path, "not json");
        await PassesAsync(host, disk, 3);
        Assert.Equal(2, Problems(logs).Count);
        Assert.All(Problems(logs), r => Assert.Equal(StoreUnusable, r.Id.Id));
    }

    private static IReadOnlyList<FakeLogRecord> Problems(FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];

    /// <summary>Lets the background service run <paramref name="count"/> passes that each read the changed file: one
    /// poll interval of fake time each, then a wait (real time bounded) for that pass's read.</summary>
    private static async Task PassesAsync(TestHost host, HookedFileSystem disk, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var before = disk.Reads;
            host.Time.Advance(TimeSpan.FromSeconds(30));
            await Poll.UntilAsync(() => disk.Reads > before, "a background pass to read the file");
        }
    }
}
