using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Distributed.Core.Tests.Logging;

/// <summary>
/// What a health check costs in the log: one D8 line per failed check (plus the one-off "down" transition), without an
/// exception or a stack trace; nothing at Information or above for a successful one. Polly's per-attempt events and
/// the HttpClient's request lines stay below Information.
/// </summary>
public sealed class HealthCheckLoggingTests
{
    private const int SlaveCheckFailedEvent = 1012;
    private const int SlaveTransitionEvent = 1013;

    [Fact]
    public async Task CheckAsync_RefusedAndSilentSlaves_OneWarningLinePerFailedCheckWithoutStackTrace()
    {
        using var silent = new SilentListener();
        await using var master = NewMaster(healthCheckTimeout: TimeSpan.FromMilliseconds(500));
        await master.AddAsync("refused", DeadEndpoints.RefusingPort());
        await master.AddAsync("silent", silent.Port);
        var logs = master.Services.GetFakeLogCollector();
        logs.Clear();

        // Enough checks for the refused slave's circuit breaker to open (5 failed attempts): a check that fails fast
        // on the open circuit must cost the same one line.
        const int Checks = 3;
        for (var i = 0; i < Checks; i++)
        {
            await master.Monitor.CheckAsync("refused");
            await master.Monitor.CheckAsync("silent");
        }

        var records = logs.GetSnapshot();
        var visible = records.Where(r => r.Level >= LogLevel.Information).ToList();
        Assert.All(visible, AssertOneLineFromD8);

        var failures = visible.Where(r => r.Id.Id == SlaveCheckFailedEvent).ToList();
        Assert.Equal(Checks, failures.Count(r => r.Message.Contains("slave refused failed", StringComparison.Ordinal)));
        Assert.Equal(Checks, failures.Count(r => r.Message.Contains("slave silent failed", StringComparison.Ordinal)));
        Assert.All(failures, r => Assert.Equal(LogLevel.Warning, r.Level));

        // The only other line: each slave going down, once.
        var others = visible.Except(failures).ToList();
        Assert.Equal(2, others.Count);
        Assert.All(others, r => Assert.Equal(SlaveTransitionEvent, r.Id.Id));

        // Polly still reports the attempts, retries and timeouts, at Debug: there for whoever asks, quiet by default.
        var polly = records.Where(r => r.Category == "Polly").ToList();
        Assert.Contains(polly, r => r.Exception is not null);
        Assert.All(polly, r => Assert.True(r.Level <= LogLevel.Debug, $"Polly logged at {r.Level}: {r.Message}"));
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CheckAsync_HealthySlave_LogsNothingAtInformationOrAbove()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = NewMaster();
        await master.AddAsync("pc", slave);
        var logs = master.Services.GetFakeLogCollector();
        logs.Clear();

        for (var i = 0; i < 3; i++)
        {
            var checkedSlave = await master.Monitor.CheckAsync("pc");
            Assert.True(checkedSlave.Status == SlaveStatus.Healthy, checkedSlave.LastError);
        }

        var records = logs.GetSnapshot();
        Assert.Empty(records.Where(r => r.Level >= LogLevel.Information).Select(r => $"{r.Level} {r.Category}: {r.Message}"));
        Assert.Contains(records, r => r.Category == "Polly");
    }

    private static MasterHost NewMaster(TimeSpan? healthCheckTimeout = null) => new(
        options => options.HealthCheckTimeout = healthCheckTimeout ?? options.HealthCheckTimeout,
        services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging()));

    private static void AssertOneLineFromD8(FakeLogRecord record)
    {
        var where = $"{record.Level} {record.Category}[{record.Id.Id}]: {record.Message}";
        Assert.True(record.Category?.StartsWith("D8.", StringComparison.Ordinal) == true, $"not from a D8 category: {where}");
        Assert.True(record.Exception is null, $"carries an exception (a stack trace in the journal): {where}");
        Assert.DoesNotContain('\n', record.Message);
        Assert.DoesNotContain("   at ", record.Message, StringComparison.Ordinal);
    }
}
