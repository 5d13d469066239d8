using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>Every field round-trips exactly, through every read.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public void FullRecord_EveryProperty_IsSetToANonDefaultValue()
    {
        // Guards the round-trip facts: a property added to D8TaskInfo must be given a value in TaskStoreRecords.Full.
        var full = TaskStoreRecords.Normalize(TaskStoreRecords.Full("x"));
        var defaults = TaskStoreRecords.Normalize(new D8TaskInfo { TaskId = string.Empty, Command = string.Empty, Method = string.Empty, TaskType = string.Empty });

        Assert.Empty(full.Where(pair => defaults[pair.Key] == pair.Value).Select(pair => pair.Key));
    }

    [Fact]
    public async Task AddAsync_EveryPropertySet_ReadsBackExactlyThroughEveryQuery()
    {
        var full = TaskStoreRecords.Full("full");
        var expected = full with { Status = D8TaskStatus.Queued, Version = 1 };

        var added = (await Store.AddAsync(full, Unbounded)).Task!;
        expected = expected with { Sequence = added.Sequence };

        TaskStoreRecords.Same(expected, added);
        TaskStoreRecords.Same(expected, await Store.GetAsync("full"));
        TaskStoreRecords.Same(expected, (await Store.GetQueuedAsync(1)).Single());
        TaskStoreRecords.Same(expected, (await Store.ListAsync(new D8TaskQuery())).Tasks.Single());
    }

    [Fact]
    public async Task TryUpdateAsync_EveryPropertyChanged_ReadsBackExactly()
    {
        var added = await AddAsync("full");
        var changed = TaskStoreRecords.Full("full") with { Version = added.Version, Sequence = added.Sequence };

        var updated = await Store.TryUpdateAsync(changed);

        var expected = changed with { Version = added.Version + 1 };
        TaskStoreRecords.Same(expected, updated);
        TaskStoreRecords.Same(expected, await Store.GetAsync("full"));
        TaskStoreRecords.Same(expected, (await Store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Succeeded] })).Tasks.Single());
    }

    [Fact]
    public async Task TryUpdateAsync_FullRecordClearedAgain_NullsAndEmptiesReadBackAsSuch()
    {
        var full = (await Store.AddAsync(TaskStoreRecords.Full("t"), Unbounded)).Task!;
        var cleared = TaskStoreRecords.New("t") with
        {
            Version = full.Version,
            Sequence = full.Sequence,
            QueuedAt = default,
            Environment = new Dictionary<string, string>(),
            Timeout = TimeSpan.Zero,
            Duration = TimeSpan.MinValue,
            PredictedDuration = TimeSpan.MaxValue,
            ExitCode = 0,
            StartedAt = DateTimeOffset.MinValue,
            FinishedAt = DateTimeOffset.MaxValue,
            Output = string.Empty,
            Stdin = string.Empty,
        };

        var updated = await Store.TryUpdateAsync(cleared);
        TaskStoreRecords.Same(cleared with { Version = full.Version + 1 }, updated);
        TaskStoreRecords.Same(cleared with { Version = full.Version + 1 }, await Store.GetAsync("t"));

        var withoutEnvironment = await Store.TryUpdateAsync(updated! with { Environment = null });
        TaskStoreRecords.Same(cleared with { Version = full.Version + 2, Environment = null }, withoutEnvironment);
        TaskStoreRecords.Same(cleared with { Version = full.Version + 2, Environment = null }, await Store.GetAsync("t"));
    }
}
