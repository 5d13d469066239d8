using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Leadership;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Queue;

/// <summary>
/// The queue over a store with <see cref="ITaskStoreChangeFeed"/>, as a follower: what another master wrote reaches
/// its waiters through the feed, long before the queue's poll (10 minutes here) would have looked.
/// </summary>
public sealed class TaskStoreChangeFeedTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitAsync_OnAFollower_TaskFinishedByAnotherMaster_CompletesThroughTheFeed()
    {
        var store = new FeedingStore();
        await using var master = Follower(store);
        await master.StartAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        var queued = await queue.EnqueueAsync(D8Task.Python("print(1)") with { TaskId = "elsewhere" });
        var wait = queue.WaitAsync(queued.TaskId, TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => master.Services.GetRequiredService<TaskQueueSignals>().IsAwaited(queued.TaskId), "the wait to start");

        // The leader (another process) finishes the task: its write, then its notification.
        var finished = await store.Inner.TryUpdateAsync(queued with { Status = D8TaskStatus.Succeeded, ExitCode = 0, FinishedAt = DateTimeOffset.UtcNow });
        store.Raise(new TaskStoreChangedEventArgs(queued.TaskId, D8TaskStatus.Succeeded));

        var task = await wait.WaitAsync(Quick);
        Assert.Equal(D8TaskStatus.Succeeded, task!.Status);
        Assert.Equal(finished!.Version, task.Version);
    }

    [Fact]
    public async Task WaitAsync_OnAFollower_FeedSaysChangesWereMissed_RereadsEveryAwaitedTask()
    {
        var store = new FeedingStore();
        await using var master = Follower(store);
        await master.StartAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        var queued = await queue.EnqueueAsync(D8Task.Python("print(1)") with { TaskId = "missed" });
        var wait = queue.WaitAsync(queued.TaskId, TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => master.Services.GetRequiredService<TaskQueueSignals>().IsAwaited(queued.TaskId), "the wait to start");

        await store.Inner.TryUpdateAsync(queued with { Status = D8TaskStatus.Failed, ExitCode = 3, FinishedAt = DateTimeOffset.UtcNow });
        store.Raise(TaskStoreChangedEventArgs.Missed);

        Assert.Equal(D8TaskStatus.Failed, (await wait.WaitAsync(Quick))!.Status);
    }

    [Fact]
    public void Arguments_TaskIdMissing_Throws() =>
        Assert.Throws<ArgumentException>(() => new TaskStoreChangedEventArgs(string.Empty, D8TaskStatus.Queued));

    private static MasterHost Follower(FeedingStore store) => new(
        configure: options => options.Queue.PollInterval = TimeSpan.FromMinutes(10),
        services: s => s.AddD8Master().UseTaskStore(_ => store).UseLeadership(_ => new ControllableLeadership()));

    /// <summary>An in-memory store shared with "another master", which raises the feed by hand.</summary>
    private sealed class FeedingStore : ITaskStore, ITaskStoreChangeFeed
    {
        public event EventHandler<TaskStoreChangedEventArgs>? Changed;

        public InMemoryTaskStore Inner { get; } = new();

        public void Raise(TaskStoreChangedEventArgs change) => Changed?.Invoke(this, change);

        public Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default) => Inner.AddAsync(task, maxQueued, cancellationToken);

        public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default) => Inner.GetAsync(taskId, cancellationToken);

        public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default) => Inner.ListAsync(query, cancellationToken);

        public Task<IReadOnlyList<D8TaskInfo>> GetQueuedAsync(int limit, CancellationToken cancellationToken = default) => Inner.GetQueuedAsync(limit, cancellationToken);

        public Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default) => Inner.TryUpdateAsync(task, cancellationToken);

        public Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default) => Inner.CountAsync(finishedSince, cancellationToken);

        public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default) => Inner.PurgeAsync(finishedBefore, keepFinished, cancellationToken);
    }
}
