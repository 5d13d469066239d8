using D8.Distributed.Slave.Internal;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class ExecutionSlotsTests
{
    [Fact]
    public async Task TryEnterAsync_UpToTheLimit_EntersAtOnce()
    {
        using var slots = NewSlots(running: 2, queued: 1);

        var first = slots.TryEnterAsync(CancellationToken.None);
        var second = slots.TryEnterAsync(CancellationToken.None);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.NotNull(await first);
        Assert.NotNull(await second);
        Assert.Equal((2, 0), slots.Counts);
    }

    [Fact]
    public async Task TryEnterAsync_AllSlotsTaken_WaitsInTheQueue()
    {
        using var slots = NewSlots(running: 1, queued: 1);
        using var held = await slots.TryEnterAsync(CancellationToken.None);

        var waiting = slots.TryEnterAsync(CancellationToken.None).AsTask();

        Assert.False(waiting.IsCompleted);
        Assert.Equal((1, 1), slots.Counts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task TryEnterAsync_QueueFull_IsRefusedAtOnce(int queued)
    {
        using var slots = NewSlots(running: 1, queued);
        using var held = await slots.TryEnterAsync(CancellationToken.None);
        var waiting = Enumerable.Range(0, queued).Select(_ => slots.TryEnterAsync(CancellationToken.None).AsTask()).ToList();

        var refused = slots.TryEnterAsync(CancellationToken.None);

        Assert.True(refused.IsCompletedSuccessfully);
        Assert.Null(await refused);
        Assert.Equal((1, queued), slots.Counts);
        Assert.All(waiting, task => Assert.False(task.IsCompleted));
    }

    [Fact]
    public async Task Dispose_OfASlot_AdmitsTheOldestWaitingFirst()
    {
        using var slots = NewSlots(running: 1, queued: 2);
        var held = await slots.TryEnterAsync(CancellationToken.None);
        var older = slots.TryEnterAsync(CancellationToken.None).AsTask();
        var newer = slots.TryEnterAsync(CancellationToken.None).AsTask();

        held!.Dispose();
        var admitted = await older.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(admitted);
        Assert.False(newer.IsCompleted);
        Assert.Equal((1, 1), slots.Counts);
        admitted.Dispose();
        Assert.NotNull(await newer.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task TryEnterAsync_CancelledWhileQueued_ThrowsAndLeavesTheQueue()
    {
        using var slots = NewSlots(running: 1, queued: 1);
        var held = await slots.TryEnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = slots.TryEnterAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), slots.Counts);
        var next = slots.TryEnterAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        held!.Dispose();
        Assert.NotNull(await next.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Counts_AfterEverySlotIsFreed_AreZero()
    {
        using var slots = NewSlots(running: 3, queued: 0);
        var taken = new List<IDisposable>();
        for (var i = 0; i < 3; i++)
        {
            taken.Add((await slots.TryEnterAsync(CancellationToken.None))!);
        }

        Assert.Equal((3, 0), slots.Counts);
        taken.ForEach(slot => slot.Dispose());

        Assert.Equal((0, 0), slots.Counts);
        Assert.Equal(3, slots.MaxRunning);
    }

    private static ExecutionSlots NewSlots(int running, int queued) =>
        new(Options.Create(new D8SlaveOptions { AuthToken = "t", MaxConcurrentTasks = running, MaxQueuedTasks = queued }));
}
