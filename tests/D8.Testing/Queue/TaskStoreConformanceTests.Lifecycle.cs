using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>Cancellation, arguments, and what a reopened store still holds.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task EveryMethod_CancelledToken_ThrowsAndChangesNothing()
    {
        var stored = await AddAsync("a");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AddAsync(TaskStoreRecords.New("b"), Unbounded, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetAsync("a", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListAsync(new D8TaskQuery(), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetQueuedAsync(10, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.TryUpdateAsync(stored with { Status = D8TaskStatus.Succeeded }, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CountAsync(TaskStoreRecords.T0, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PurgeAsync(DateTimeOffset.MaxValue, 0, token));

        Assert.Null(await Store.GetAsync("b"));
        TaskStoreRecords.Same(stored, await Store.GetAsync("a"));
    }

    [Fact]
    public async Task EveryMethod_InvalidArguments_Refused()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AddAsync(null!, Unbounded));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddAsync(TaskStoreRecords.New(string.Empty), Unbounded));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.GetAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.ListAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.TryUpdateAsync(null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(new D8TaskQuery { Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(new D8TaskQuery { Limit = D8TaskQuery.MaxLimit + 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetQueuedAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.PurgeAsync(TaskStoreRecords.T0, -1));
    }

    [Fact]
    public async Task Reopen_AfterAddsUpdatesAndPurges_EverythingIsThereAndSequencesGoOn()
    {
        var full = (await Store.AddAsync(TaskStoreRecords.Full("full"), Unbounded)).Task!;
        var running = await MoveAsync(await AddAsync("running", priority: 2), D8TaskStatus.Running);
        var queued = await AddAsync("queued", priority: 7);
        var newest = await MoveAsync(await AddAsync("purged"), D8TaskStatus.Succeeded, TaskStoreRecords.T0.AddYears(-1));
        await Store.PurgeAsync(TaskStoreRecords.T0.AddDays(-1), keepFinished: 100);
        var updated = await UpdateAsync(full, t => TaskStoreRecords.Full("full") with { Version = t.Version, Status = D8TaskStatus.Lost, Reason = "slave forgot it" });

        var store = ReopenStore();

        TaskStoreRecords.Same(updated, await store.GetAsync("full"));
        TaskStoreRecords.Same(running, await store.GetAsync("running"));
        TaskStoreRecords.Same(queued, await store.GetAsync("queued"));
        Assert.Null(await store.GetAsync("purged"));
        Assert.Equal(["queued"], (await store.GetQueuedAsync(10)).Select(t => t.TaskId));
        var next = (await store.AddAsync(TaskStoreRecords.New("next"), Unbounded)).Task!;
        Assert.True(next.Sequence > newest.Sequence, $"sequence {next.Sequence} after a purged {newest.Sequence}, across a reopen");
        Assert.NotNull(await store.TryUpdateAsync(queued with { Status = D8TaskStatus.Running }));
        Assert.Null(await store.TryUpdateAsync(queued with { Status = D8TaskStatus.Cancelled }));
    }
}
