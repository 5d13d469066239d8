using System.Net;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>Graceful shutdown: draining refuses new work, running tasks get the grace period, then are killed.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ShutdownTests() => Requirements.Python3();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Stop_WithARunningTask_DrainsAndLetsItFinish()
    {
        await using var server = await SlaveServer.StartAsync(o => o.ShutdownGracePeriod = TimeSpan.FromMinutes(5));
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var running = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, release, "print('finished')") });
        await Poll.UntilAsync(() => File.Exists(started), "the task to run");

        var stopping = server.App.StopAsync();
        await Poll.UntilAsync(async () => (await server.HealthAsync()).Status == "draining", "health to report draining");
        using var refused = await server.PostRawAsync("""{"command":"print('late')"}""");

        Assert.Contains("shutting down", await ResponseAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.False(stopping.IsCompleted, "the host must wait for the running task");
        await File.WriteAllTextAsync(release, "");
        var result = await running;
        Assert.True(result.Success, result.Error);
        Assert.Equal("finished\n", result.Output);
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Stop_TaskOutlivesTheGracePeriod_IsKilledAndAnswered()
    {
        var time = new FakeTimeProvider();
        await using var server = await SlaveServer.StartAsync(
            o => { o.ShutdownGracePeriod = TimeSpan.FromSeconds(30); o.CapabilityRefreshInterval = TimeSpan.FromDays(1); },
            time);
        var started = _temp.Combine("started");
        var running = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, _temp.Combine("never")), TaskId = "long-1" });
        await Poll.UntilAsync(() => File.Exists(started), "the task to run");
        var pid = int.Parse(await File.ReadAllTextAsync(started), System.Globalization.CultureInfo.InvariantCulture);

        var stopping = server.App.StopAsync();
        await Poll.UntilAsync(async () => (await server.HealthAsync()).Status == "draining", "health to report draining");
        Assert.False(running.IsCompleted);

        // The grace timer starts inside the host's stop sequence; keep the fake clock moving until it fires.
        await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromSeconds(30)); return running.IsCompleted; }, "the task to be killed after the grace period");
        var result = await running;

        Assert.False(result.Success);
        Assert.Null(result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("shut down", result.Error, StringComparison.Ordinal);
        Assert.False(ExecuteLimitsTests.IsAlive(pid), $"python (pid {pid}) should have been killed");
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
