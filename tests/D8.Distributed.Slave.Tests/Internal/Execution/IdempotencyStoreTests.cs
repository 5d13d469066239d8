using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class IdempotencyStoreTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task TryBegin_SameIdWhileRunning_JoinsTheRun()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);

        Assert.True(store.TryBegin("a", out var owned, out _));
        Assert.False(store.TryBegin("a", out var joined, out _));
        store.Complete("a", Ok("done"), keep: true);

        Assert.Same(await owned, await joined);
    }

    [Fact]
    public void Complete_NotKept_ForgetsTheId()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);
        store.TryBegin("a", out _, out _);

        store.Complete("a", ExecutionResult.Busy("full"), keep: false);

        Assert.True(store.TryBegin("a", out _, out _));
    }

    [Fact]
    public void TryBegin_AfterRetention_RunsAgain()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);
        store.TryBegin("a", out _, out _);
        store.Complete("a", Ok("done"), keep: true);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(store.TryBegin("a", out _, out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(store.TryBegin("a", out _, out _));
    }

    [Fact]
    public void Complete_OverTheCount_DropsTheOldest()
    {
        var store = NewStore(TimeSpan.FromHours(1), 2);
        foreach (var id in new[] { "a", "b", "c" })
        {
            store.TryBegin(id, out _, out _);
            store.Complete(id, Ok(id), keep: true);
        }

        Assert.Equal(2, store.Count);
        Assert.True(store.TryBegin("a", out _, out _));
        Assert.False(store.TryBegin("c", out _, out _));
    }

    [Fact]
    public async Task Cancel_Running_TripsTheRunsTokenAndReturnsItsRun()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);
        store.TryBegin("a", out var run, out var token);

        var cancelled = store.Cancel("a", out var requested);

        Assert.True(requested);
        Assert.True(token.IsCancellationRequested);
        Assert.Same(run, cancelled);
        store.Complete("a", Ok("cancelled"), keep: true);
        Assert.Equal("cancelled", (await cancelled!).Response!.Output);
    }

    [Fact]
    public void Cancel_FinishedOrUnknown_RequestsNothing()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);
        store.TryBegin("a", out _, out var token);
        store.Complete("a", Ok("done"), keep: true);

        var finished = store.Cancel("a", out var requested);
        var unknown = store.Cancel("b", out var requestedUnknown);

        Assert.Equal((true, false, false), (finished!.IsCompletedSuccessfully, requested, token.IsCancellationRequested));
        Assert.Equal((null, false), (unknown, requestedUnknown));
    }

    [Fact]
    public void Find_RunningFinishedExpired_TellsTheStateAndResult()
    {
        var store = NewStore(TimeSpan.FromMinutes(1), 10);
        store.TryBegin("a", out _, out _);

        Assert.Equal((false, null), store.Find("a"));
        store.Complete("a", Ok("done"), keep: true);
        var finished = store.Find("a");
        Assert.True(finished!.Value.Finished);
        Assert.Equal("done", finished.Value.Result!.Output);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(store.Find("a"));
        Assert.Null(store.TryJoin("a"));
    }

    private IdempotencyStore NewStore(TimeSpan retention, int count) =>
        new(Options.Create(new D8SlaveOptions { ResultRetention = retention, MaxRetainedResults = count }), _time);

    private static ExecutionResult Ok(string output) => ExecutionResult.Completed(new ExecuteResponse { Success = true, Output = output });
}
