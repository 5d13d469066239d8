using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>GetQueuedAsync, ListAsync and CountAsync.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task GetQueuedAsync_MixedPrioritiesAndStates_PriorityFirstThenFifoOnlyQueued()
    {
        await AddAsync("low-1", priority: 1);
        await AddAsync("high-1", priority: 8);
        await MoveAsync(await AddAsync("high-running", priority: 9), D8TaskStatus.Running);
        await AddAsync("mid-1", priority: 5);
        await AddAsync("high-2", priority: 8);
        await MoveAsync(await AddAsync("high-done", priority: 9), D8TaskStatus.Cancelled);
        await AddAsync("low-2", priority: 1);
        await AddAsync("top", priority: 9);

        var all = await Store.GetQueuedAsync(100);
        var firstThree = await Store.GetQueuedAsync(3);

        Assert.Equal(["top", "high-1", "high-2", "mid-1", "low-1", "low-2"], all.Select(t => t.TaskId));
        Assert.Equal(["top", "high-1", "high-2"], firstThree.Select(t => t.TaskId));
    }

    [Fact]
    public async Task GetQueuedAsync_TaskMovedBackToQueued_KeepsItsPlaceByArrival()
    {
        var first = await AddAsync("first");
        await AddAsync("second");
        var running = await MoveAsync(first, D8TaskStatus.Running);

        await MoveAsync(running, D8TaskStatus.Queued);

        Assert.Equal(["first", "second"], (await Store.GetQueuedAsync(10)).Select(t => t.TaskId));
    }

    [Fact]
    public async Task ListAsync_NoFilter_NewestFirst()
    {
        await AddAsync("a");
        await MoveAsync(await AddAsync("b"), D8TaskStatus.Succeeded);
        await AddAsync("c", priority: 9);

        var page = await Store.ListAsync(new D8TaskQuery());

        Assert.Equal(["c", "b", "a"], page.Tasks.Select(t => t.TaskId));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task ListAsync_StatusFilter_OneOrSeveralStatuses()
    {
        await AddAsync("q1");
        await MoveAsync(await AddAsync("r1"), D8TaskStatus.Running);
        await MoveAsync(await AddAsync("s1"), D8TaskStatus.Succeeded);
        await MoveAsync(await AddAsync("f1"), D8TaskStatus.Failed);
        await AddAsync("q2");
        await MoveAsync(await AddAsync("t1"), D8TaskStatus.TimedOut);

        var queued = await Store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Queued] });
        var ended = await Store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Failed, D8TaskStatus.TimedOut, D8TaskStatus.Succeeded] });
        var none = await Store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Lost] });

        Assert.Equal(["q2", "q1"], queued.Tasks.Select(t => t.TaskId));
        Assert.Equal(["t1", "f1", "s1"], ended.Tasks.Select(t => t.TaskId));
        Assert.Empty(none.Tasks);
        Assert.Null(none.NextBefore);
    }

    [Theory]
    [InlineData(23, 5, null)]
    [InlineData(20, 5, null)]
    [InlineData(23, 4, D8TaskStatus.Succeeded)]
    public async Task ListAsync_PagingWithNextBefore_EveryTaskOnceNewestFirstNoGaps(int count, int limit, D8TaskStatus? only)
    {
        var expected = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var task = await AddAsync($"t{i:00}");
            if (i % 3 != 0)
            {
                await MoveAsync(task, D8TaskStatus.Succeeded);
            }

            if (only is null || (i % 3 != 0))
            {
                expected.Insert(0, task.TaskId);
            }
        }

        var seen = new List<string>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(new D8TaskQuery { Limit = limit, Before = before, Statuses = only is { } status ? [status] : [] });
            Assert.True(page.Tasks.Count <= limit, "a page holds at most Limit tasks");
            Assert.True(page.NextBefore is null || page.Tasks.Count == limit, "only a full page has a next page");
            seen.AddRange(page.Tasks.Select(t => t.TaskId));
            before = page.NextBefore;
            Assert.True(++pages <= count + 1, "paging ends");
        }
        while (before is not null);

        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + limit - 1) / limit, pages);
    }

    [Fact]
    public async Task CountAsync_MixedStates_CountsPerStatusAndFinishedAtOrAfter()
    {
        var since = TaskStoreRecords.T0.AddHours(1);
        await AddAsync("q1");
        await AddAsync("q2");
        await MoveAsync(await AddAsync("r1"), D8TaskStatus.Running);
        await MoveAsync(await AddAsync("old"), D8TaskStatus.Succeeded, since.AddTicks(-1));
        await MoveAsync(await AddAsync("exactly"), D8TaskStatus.Failed, since);
        // The same instant written with another offset: counted by instant, not by local time.
        await MoveAsync(await AddAsync("later"), D8TaskStatus.Succeeded, since.AddMinutes(1).ToOffset(TimeSpan.FromHours(-10)));

        var counts = await Store.CountAsync(since);

        Assert.Equal(2, counts.Of(D8TaskStatus.Queued));
        Assert.Equal(1, counts.Of(D8TaskStatus.Running));
        Assert.Equal(2, counts.Of(D8TaskStatus.Succeeded));
        Assert.Equal(1, counts.Of(D8TaskStatus.Failed));
        Assert.Equal(0, counts.Of(D8TaskStatus.Lost));
        Assert.Equal(2, counts.FinishedSince);
    }

    [Fact]
    public async Task CountAsync_EmptyStore_AllZero()
    {
        var counts = await Store.CountAsync(DateTimeOffset.MinValue);

        Assert.All(Enum.GetValues<D8TaskStatus>(), status => Assert.Equal(0, counts.Of(status)));
        Assert.Equal(0, counts.FinishedSince);
    }
}
