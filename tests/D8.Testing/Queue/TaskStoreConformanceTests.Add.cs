using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>AddAsync and GetAsync: sequences, versions, duplicates, the queue bound.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task AddAsync_NewTasks_QueuedWithIncreasingSequencesAndVersionOne()
    {
        var first = await Store.AddAsync(TaskStoreRecords.New("a") with { Status = D8TaskStatus.Running, Sequence = 99, Version = 7 }, Unbounded);
        var second = await AddAsync("b");
        var third = await AddAsync("c");

        Assert.Equal(TaskStoreAddOutcome.Added, first.Outcome);
        Assert.Equal(D8TaskStatus.Queued, first.Task!.Status);
        Assert.Equal(1, first.Task.Version);
        Assert.True(first.Task.Sequence > 0, "sequences are positive");
        Assert.True(second.Sequence > first.Task.Sequence && third.Sequence > second.Sequence, "sequences increase");
        TaskStoreRecords.Same(first.Task, await Store.GetAsync("a"));
        TaskStoreRecords.Same(third, await Store.GetAsync("c"));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await AddAsync("a");

        Assert.Null(await Store.GetAsync("b"));
        Assert.Null(await Store.GetAsync("A"));
    }

    [Fact]
    public async Task AddAsync_AfterPurgeOfTheNewest_NeverReusesItsSequence()
    {
        await AddAsync("a");
        var newest = await AddAsync("b");
        await MoveAsync(await Store.GetAsync("a") ?? throw new InvalidOperationException(), D8TaskStatus.Succeeded);
        await MoveAsync(newest, D8TaskStatus.Failed);

        Assert.Equal(2, await Store.PurgeAsync(TaskStoreRecords.T0.AddYears(1), keepFinished: 0));
        var next = await AddAsync("c");

        Assert.True(next.Sequence > newest.Sequence, $"sequence {next.Sequence} after a purged {newest.Sequence}");
    }

    [Fact]
    public async Task AddAsync_DuplicateId_ReturnsExistingAndLeavesTheStoredRecordUnchanged()
    {
        var added = await AddAsync("a");
        var running = await MoveAsync(added, D8TaskStatus.Running);

        var again = await Store.AddAsync(TaskStoreRecords.Full("a"), Unbounded);

        Assert.Equal(TaskStoreAddOutcome.Existing, again.Outcome);
        TaskStoreRecords.Same(running, again.Task);
        TaskStoreRecords.Same(running, await Store.GetAsync("a"));
    }

    [Fact]
    public async Task AddAsync_QueueAtItsBound_ReturnsFullAndAddsNothing()
    {
        var a = await Store.AddAsync(TaskStoreRecords.New("a"), maxQueued: 2);
        var b = await Store.AddAsync(TaskStoreRecords.New("b"), maxQueued: 2);

        var c = await Store.AddAsync(TaskStoreRecords.New("c"), maxQueued: 2);

        Assert.Equal([TaskStoreAddOutcome.Added, TaskStoreAddOutcome.Added], [a.Outcome, b.Outcome]);
        Assert.Equal(TaskStoreAddOutcome.Full, c.Outcome);
        Assert.Null(c.Task);
        Assert.Null(await Store.GetAsync("c"));
        Assert.Equal(2, (await Store.CountAsync(TaskStoreRecords.T0)).Of(D8TaskStatus.Queued));
    }

    [Fact]
    public async Task AddAsync_KnownIdWhileFull_ReturnsExisting()
    {
        var a = await Store.AddAsync(TaskStoreRecords.New("a"), maxQueued: 1);

        var again = await Store.AddAsync(TaskStoreRecords.New("a"), maxQueued: 1);

        Assert.Equal(TaskStoreAddOutcome.Existing, again.Outcome);
        TaskStoreRecords.Same(a.Task!, again.Task);
    }

    [Fact]
    public async Task AddAsync_RunningAndFinalTasks_DoNotCountTowardsTheBound()
    {
        await MoveAsync(await AddAsync("running"), D8TaskStatus.Running);
        await MoveAsync(await AddAsync("done"), D8TaskStatus.Succeeded);
        await MoveAsync(await AddAsync("lost"), D8TaskStatus.Lost);

        var queued = await Store.AddAsync(TaskStoreRecords.New("q1"), maxQueued: 1);
        var refused = await Store.AddAsync(TaskStoreRecords.New("q2"), maxQueued: 1);

        Assert.Equal(TaskStoreAddOutcome.Added, queued.Outcome);
        Assert.Equal(TaskStoreAddOutcome.Full, refused.Outcome);
    }

    [Fact]
    public async Task AddAsync_CallerChangesItsCollectionsAfterwards_StoredRecordUnchanged()
    {
        var capabilities = new List<string> { "gpu" };
        var environment = new Dictionary<string, string> { ["A"] = "1" };
        var added = await AddAsync(TaskStoreRecords.New("a") with { RequiredCapabilities = capabilities, Environment = environment, EnvironmentNames = capabilities });

        capabilities.Add("docker");
        environment["B"] = "2";

        var stored = await Store.GetAsync("a");
        Assert.Equal(["gpu"], stored!.RequiredCapabilities);
        Assert.Equal(["A"], stored.Environment!.Keys);
        Assert.Equal(["gpu"], added.EnvironmentNames);
    }
}
