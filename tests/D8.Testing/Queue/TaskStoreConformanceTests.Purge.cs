using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>PurgeAsync: by age, by count, never queued or running tasks.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task PurgeAsync_ByAge_DeletesOnlyFinalTasksFinishedBeforeTheBound()
    {
        var bound = TaskStoreRecords.T0.AddDays(1);
        await MoveAsync(await AddAsync("old-done"), D8TaskStatus.Succeeded, bound.AddTicks(-1));
        await MoveAsync(await AddAsync("old-lost"), D8TaskStatus.Lost, bound.AddDays(-5).ToOffset(TimeSpan.FromHours(9)));
        await MoveAsync(await AddAsync("at-bound"), D8TaskStatus.Failed, bound);
        await MoveAsync(await AddAsync("recent"), D8TaskStatus.Cancelled, bound.AddHours(1));
        await AddAsync("old-queued", queuedAt: bound.AddYears(-1));
        await MoveAsync(await AddAsync("old-running", queuedAt: bound.AddYears(-1)), D8TaskStatus.Running);

        var deleted = await Store.PurgeAsync(bound, keepFinished: 100);

        Assert.Equal(2, deleted);
        Assert.Equal(["old-running", "old-queued", "recent", "at-bound"], await AllIdsAsync());
    }

    [Fact]
    public async Task PurgeAsync_ByCount_KeepsTheNewestFinalTasksAndEveryQueuedOrRunningOne()
    {
        await AddAsync("q-oldest");
        for (var i = 0; i < 6; i++)
        {
            await MoveAsync(await AddAsync($"done-{i}"), D8TaskStatus.Succeeded, TaskStoreRecords.T0.AddDays(10));
        }

        await MoveAsync(await AddAsync("running"), D8TaskStatus.Running);
        await MoveAsync(await AddAsync("done-6"), D8TaskStatus.TimedOut, TaskStoreRecords.T0.AddDays(10));

        var deleted = await Store.PurgeAsync(TaskStoreRecords.T0, keepFinished: 3);

        Assert.Equal(4, deleted);
        Assert.Equal(["done-6", "running", "done-5", "done-4", "q-oldest"], await AllIdsAsync());
        Assert.Equal(0, await Store.PurgeAsync(TaskStoreRecords.T0, keepFinished: 3));
    }

    [Fact]
    public async Task PurgeAsync_KeepNone_DeletesEveryFinalTaskOnly()
    {
        await AddAsync("q");
        await MoveAsync(await AddAsync("r"), D8TaskStatus.Running);
        await MoveAsync(await AddAsync("s"), D8TaskStatus.Succeeded, TaskStoreRecords.T0.AddYears(1));

        Assert.Equal(1, await Store.PurgeAsync(DateTimeOffset.MinValue, keepFinished: 0));
        Assert.Equal(["r", "q"], await AllIdsAsync());
    }

    private async Task<List<string>> AllIdsAsync() =>
        (await Store.ListAsync(new D8TaskQuery { Limit = D8TaskQuery.MaxLimit })).Tasks.Select(t => t.TaskId).ToList();
}
