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

    private IdempotencyStore NewStore(TimeSpan retention, int count) =>
        new(Options.Create(new D8SlaveOptions { ResultRetention = retention, MaxRetainedResults = count }), _time);

    private static ExecutionResult Ok(string output) => ExecutionResult.Completed(new ExecuteResponse { Success = true, Output = output });
}
