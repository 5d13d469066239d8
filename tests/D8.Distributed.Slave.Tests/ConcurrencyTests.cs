using System.Net;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>Concurrency limit, bounded queue, 503 + Retry-After, and idempotent task ids.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ConcurrencyTests() => Requirements.Python3();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Execute_AtCapacityWithNoQueue_Returns503WithRetryAfter()
    {
        await using var server = await SlaveServer.StartAsync(o => { o.MaxConcurrentTasks = 1; o.MaxQueuedTasks = 0; o.RetryAfterSeconds = 7; });
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var first = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, release, "print('first')") });
        await Poll.UntilAsync(() => File.Exists(started), "the first task to run");

        using var second = await server.PostRawAsync("""{"command":"print('second')"}""");

        Assert.Contains("capacity", await ResponseAssert.ErrorAsync(second, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), second.Headers.RetryAfter?.Delta);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal("first\n", (await first).Output);
        Assert.Equal("third\n", (await server.ExecuteAsync(new ExecuteRequest { Command = "print('third')" })).Output);
    }

    [Fact]
    public async Task Execute_QueueFull_Returns503AndTheQueuedTaskRunsLater()
    {
        await using var server = await SlaveServer.StartAsync(o => { o.MaxConcurrentTasks = 1; o.MaxQueuedTasks = 1; });
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var first = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, release, "print('first')") });
        await Poll.UntilAsync(() => File.Exists(started), "the first task to run");
        var queued = server.ExecuteAsync(new ExecuteRequest { Command = "print('queued')" });
        await Poll.UntilAsync(async () => (await server.HealthAsync()).QueuedTasks == 1, "the second task to be queued");

        using var third = await server.PostRawAsync("""{"command":"print('third')"}""");
        var health = await server.HealthAsync();

        await ResponseAssert.ErrorAsync(third, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal((1, 1, 1), (health.RunningTasks, health.QueuedTasks, health.MaxConcurrentTasks));
        Assert.False(queued.IsCompleted);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal("first\n", (await first).Output);
        Assert.Equal("queued\n", (await queued).Output);
    }

    [Fact]
    public async Task Execute_SameTaskIdConcurrentlyAndAfterwards_RunsOnceAndAllGetTheResult()
    {
        await using var server = await SlaveServer.StartAsync(o => o.MaxConcurrentTasks = 4);
        var (started, release, ledger) = (_temp.Combine("started"), _temp.Combine("release"), _temp.Combine("ledger"));
        var request = new ExecuteRequest
        {
            TaskId = "task-once",
            Command = Scripts.WaitForRelease(started, release, $"open({Scripts.Quote(ledger)}, 'a').write('ran\\n'); import os; print('pid', os.getpid())"),
        };

        var first = server.ExecuteAsync(request);
        await Poll.UntilAsync(() => File.Exists(started), "the first run to start");
        var second = server.ExecuteAsync(request);
        await Poll.UntilAsync(async () => (await server.HealthAsync()).RunningTasks == 1, "the slave to report the one run");
        Assert.False(second.IsCompleted);
        await File.WriteAllTextAsync(release, "");
        var results = await Task.WhenAll(first, second);
        var third = await server.ExecuteAsync(request);

        Assert.Equal(["ran"], await File.ReadAllLinesAsync(ledger));
        Assert.True(results[0].Success, results[0].Error);
        Assert.StartsWith("pid ", results[0].Output, StringComparison.Ordinal);
        Assert.Equal(Json(results[0]), Json(results[1]));
        Assert.Equal(Json(results[0]), Json(third));
        Assert.Equal("task-once", third.TaskId);
    }

    [Fact]
    public async Task Execute_SameTaskIdAfterRetention_RunsAgain()
    {
        var time = new FakeTimeProvider();
        // The refresh interval is pushed past the test so advancing the clock runs no capability probe.
        await using var server = await SlaveServer.StartAsync(o => { o.ResultRetention = TimeSpan.FromMinutes(10); o.CapabilityRefreshInterval = TimeSpan.FromDays(1); }, time);
        var ledger = _temp.Combine("ledger");
        var request = new ExecuteRequest { TaskId = "task-retained", Command = $"open({Scripts.Quote(ledger)}, 'a').write('ran\\n')" };

        await server.ExecuteAsync(request);
        time.Advance(TimeSpan.FromMinutes(9));
        await server.ExecuteAsync(request);
        Assert.Single(await File.ReadAllLinesAsync(ledger));

        time.Advance(TimeSpan.FromMinutes(2));
        await server.ExecuteAsync(request);
        Assert.Equal(2, (await File.ReadAllLinesAsync(ledger)).Length);
    }

    [Fact]
    public async Task Execute_MoreTaskIdsThanRetained_OldestIsForgotten()
    {
        await using var server = await SlaveServer.StartAsync(o => o.MaxRetainedResults = 1);
        var ledger = _temp.Combine("ledger");
        ExecuteRequest Request(string id) => new() { TaskId = id, Command = $"open({Scripts.Quote(ledger)}, 'a').write('{id}\\n')" };

        await server.ExecuteAsync(Request("a"));
        await server.ExecuteAsync(Request("b"));
        await server.ExecuteAsync(Request("b"));
        await server.ExecuteAsync(Request("a"));

        Assert.Equal(["a", "b", "a"], await File.ReadAllLinesAsync(ledger));
    }

    [Fact]
    public async Task Execute_TaskIdRefusedAtCapacity_IsNotRememberedAndRunsOnRetry()
    {
        await using var server = await SlaveServer.StartAsync(o => { o.MaxConcurrentTasks = 1; o.MaxQueuedTasks = 0; });
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var blocker = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, release) });
        await Poll.UntilAsync(() => File.Exists(started), "the blocking task to run");
        const string body = """{"command":"print('retried')","task_id":"busy-1"}""";

        using (var refused = await server.PostRawAsync(body))
        {
            await ResponseAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable);
        }

        await File.WriteAllTextAsync(release, "");
        await blocker;
        using var retried = await server.PostRawAsync(body);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains("\"output\":\"retried\\n\"", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Json(ExecuteResponse response) => JsonSerializer.Serialize(response, D8JsonContext.Default.ExecuteResponse);
}
