using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>Every field round-trips exactly, through every read.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public void FullRecord_EveryProperty_IsSetToANonDefaultValue()
    {
        // Guards the round-trip facts: a property added to D8TaskInfo must be given a value in TaskRecords.Full.
        var full = TaskRecords.Normalize(TaskRecords.Full("x"));
        var defaults = TaskRecords.Normalize(new D8TaskInfo { TaskId = string.Empty, Command = string.Empty, Method = string.Empty, TaskType = string.Empty });

        Assert.Empty(full.Where(pair => defaults[pair.Key] == pair.Value).Select(pair => pair.Key));
    }

    [Fact]
    public async Task AddAsync_EveryPropertySet_ReadsBackExactlyThroughEveryQuery()
    {
        var full = TaskRecords.Full("full");
        var expected = full with { Status = D8TaskStatus.Queued, Version = 1 };

        var added = (await Store.AddAsync(full, Unbounded)).Task!;
        expected = expected with { Sequence = added.Sequence };

        TaskRecords.Same(expected, added);
        TaskRecords.Same(expected, await Store.GetAsync("full"));
        TaskRecords.Same(expected, (await Store.GetQueuedAsync(1)).Single());
        TaskRecords.Same(expected, (await Store.ListAsync(new D8TaskQuery())).Tasks.Single());
    }

    [Fact]
    public async Task TryUpdateAsync_EveryPropertyChanged_ReadsBackExactly()
    {
        var added = await AddAsync("full");
        var changed = TaskRecords.Full("full") with { Version = added.Version, Sequence = added.Sequence };

        var updated = await Store.TryUpdateAsync(changed);

        var expected = changed with { Version = added.Version + 1 };
        TaskRecords.Same(expected, updated);
        TaskRecords.Same(expected, await Store.GetAsync("full"));
        TaskRecords.Same(expected, (await Store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Succeeded] })).Tasks.Single());
    }

    [Fact]
    public async Task TryUpdateAsync_FullRecordClearedAgain_NullsAndEmptiesReadBackAsSuch()
    {
        var full = (await Store.AddAsync(TaskRecords.Full("t"), Unbounded)).Task!;
        var cleared = TaskRecords.New("t") with
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
        TaskRecords.Same(cleared with { Version = full.Version + 1 }, updated);
        TaskRecords.Same(cleared with { Version = full.Version + 1 }, await Store.GetAsync("t"));

        var withoutEnvironment = await Store.TryUpdateAsync(updated! with { Environment = null });
        TaskRecords.Same(cleared with { Version = full.Version + 2, Environment = null }, withoutEnvironment);
        TaskRecords.Same(cleared with { Version = full.Version + 2, Environment = null }, await Store.GetAsync("t"));
    }
}
