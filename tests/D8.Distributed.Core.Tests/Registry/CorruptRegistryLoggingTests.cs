using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// A hand-corrupted <c>slaves/config.json</c> in a running master: one line, once per corruption (again only after it
/// was fixed and broke again), naming the file and the parse error, without an exception; never a line per sweep.
/// </summary>
public sealed class CorruptRegistryLoggingTests
{
    private const int RegistryUnusable = 1101;
    private const int RegistryUsableAgain = 1107;

    [Fact]
    public async Task RefreshAndHealthWrites_FileCorruptedWhileRunning_OneErrorLineOncePerCorruption()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        var logger = new FakeLogger<FileSlaveRegistry>();
        using var registry = file.NewRegistry(logger: logger);
        await registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1", 7001));
        logger.Collector.Clear();

        file.Write("{\"pc\": {\"host\": ");
        await SweepsAsync(registry, 3);

        var line = Assert.Single(Problems(logger));
        Assert.Equal(RegistryUnusable, line.Id.Id);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains(file.Path, line.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt (expected a JSON object keyed by slave id", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
        Assert.Equal(["pc"], registry.GetAll().Select(s => s.Id));
        Assert.Equal(SlaveStatus.Healthy, registry.Find("pc")!.Status);

        // Fixed: said once; broken again: one more line.
        file.Write("""{"pc":{"host":"127.0.0.1","port":7001}}""");
        await SweepsAsync(registry, 2);
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == RegistryUsableAgain);
        Assert.Single(Problems(logger));

        file.Write("[1, 2]");
        await SweepsAsync(registry, 3);
        Assert.Equal(2, Problems(logger).Count);
        Assert.All(Problems(logger), r => Assert.Equal(RegistryUnusable, r.Id.Id));
    }

    [Fact]
    public async Task Sweeps_FileCorruptedWhileRunning_TheWholeMasterLogsOneLine()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost(services: services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging()));
        var file = new RegistryFile(master.DataDirectory);
        await master.AddAsync("pc", slave);
        var checker = master.Services.GetRequiredService<SlaveHealthChecker>();
        await checker.CheckDueAsync(CancellationToken.None);
        var logs = master.Services.GetFakeLogCollector();
        logs.Clear();

        file.Write("{\"pc\": ");
        for (var i = 0; i < 3; i++)
        {
            await checker.CheckUncheckedAsync(CancellationToken.None);
            await master.Monitor.CheckAllAsync();
        }

        var visible = logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        var line = Assert.Single(visible);
        Assert.Equal(RegistryUnusable, line.Id.Id);
        Assert.Null(line.Exception);
        Assert.Equal("{\"pc\": ", File.ReadAllText(file.Path));
    }

    private static IReadOnlyList<FakeLogRecord> Problems(FakeLogger logger) =>
        [.. logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];

    /// <summary>What the monitor does at each sweep: refresh, then write the health it measured.</summary>
    private static async Task SweepsAsync(FileSlaveRegistry registry, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await registry.RefreshAsync();
            await registry.UpdateAsync([new SlaveUpdate("pc", s => s with { Status = SlaveStatus.Healthy, LastSeen = s.LastSeen?.AddSeconds(1) ?? DateTimeOffset.UtcNow })]);
        }
    }
}
