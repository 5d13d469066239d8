using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>TryUpdateAsync: optimistic versions, alone and under contention.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_StoresTheRecordWithVersionPlusOneAndTheSameSequence()
    {
        var added = await AddAsync("a");

        var updated = await Store.TryUpdateAsync(added with { Status = D8TaskStatus.Running, SlaveId = "pc", Attempts = 1, Sequence = added.Sequence + 1000 });

        Assert.NotNull(updated);
        Assert.Equal(2, updated.Version);
        Assert.Equal(added.Sequence, updated.Sequence);
        Assert.Equal(D8TaskStatus.Running, updated.Status);
        TaskStoreRecords.Same(updated, await Store.GetAsync("a"));
        var again = await Store.TryUpdateAsync(updated with { Attempts = 2 });
        Assert.Equal(3, again!.Version);
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ReturnsNullAndLeavesTheRecordUnchanged()
    {
        var added = await AddAsync("a");
        var current = await MoveAsync(added, D8TaskStatus.Running);

        var stale = await Store.TryUpdateAsync(added with { Status = D8TaskStatus.Cancelled, Reason = "stale" });
        var ahead = await Store.TryUpdateAsync(current with { Version = current.Version + 1, Reason = "ahead" });

        Assert.Null(stale);
        Assert.Null(ahead);
        TaskStoreRecords.Same(current, await Store.GetAsync("a"));
    }

    [Fact]
    public async Task TryUpdateAsync_UnknownOrPurgedTask_ReturnsNull()
    {
        var done = await MoveAsync(await AddAsync("done"), D8TaskStatus.Succeeded);
        await Store.PurgeAsync(TaskStoreRecords.T0.AddDays(1), keepFinished: 0);

        Assert.Null(await Store.TryUpdateAsync(TaskStoreRecords.New("never") with { Version = 1 }));
        Assert.Null(await Store.TryUpdateAsync(done));
        Assert.Null(await Store.GetAsync("done"));
    }

    [Fact]
    public async Task TryUpdateAsync_EightWritersOnOneVersion_ExactlyOneWinsEachRound()
    {
        var current = await AddAsync("contended");
        for (var round = 0; round < 10; round++)
        {
            var read = current;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                await start.Task;
                return await Store.TryUpdateAsync(read with { Reason = $"round {round} writer {writer}", Attempts = read.Attempts + 1 });
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(writers);

            var winners = results.Where(result => result is not null).ToList();
            Assert.Single(winners);
            Assert.Equal(read.Version + 1, winners[0]!.Version);
            current = (await Store.GetAsync("contended"))!;
            TaskStoreRecords.Same(winners[0]!, current);
        }

        Assert.Equal(11, current.Version);
        Assert.Equal(10, current.Attempts);
    }

    [Fact]
    public async Task TryUpdateAsync_EightWritersRetryingOnConflict_NoUpdateLost()
    {
        await AddAsync("counter");
        const int PerWriter = 15;
        var wins = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < PerWriter;)
            {
                var read = (await Store.GetAsync("counter"))!;
                if (await Store.TryUpdateAsync(read with { Attempts = read.Attempts + 1 }) is not null)
                {
                    done++;
                    Interlocked.Increment(ref wins);
                }
            }
        })));

        var final = await Store.GetAsync("counter");
        Assert.Equal(8 * PerWriter, wins);
        Assert.Equal(8 * PerWriter, final!.Attempts);
        Assert.Equal(1 + (8 * PerWriter), final.Version);
    }
}
