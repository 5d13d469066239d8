using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>
/// What every <see cref="ITaskStore"/> must do, whatever it stores in: each store's test project derives from this
/// class (the in-memory store and the SQLite store today, PostgreSQL later), so a new store proves the same behaviour.
/// The facts are split by theme over the partial files <c>TaskStoreConformanceTests.*.cs</c>.
/// </summary>
public abstract partial class TaskStoreConformanceTests : IAsyncLifetime, IDisposable
{
    /// <summary>A queue bound no test reaches.</summary>
    protected const int Unbounded = 1_000_000;

    private readonly List<ITaskStore> _opened = [];
    private ITaskStore? _store;

    /// <summary>Gets the store under test (created on first use, reopened by <see cref="ReopenStore"/>).</summary>
    /// <remarks>Under a lock: the concurrency facts touch it first from eight tasks at once, which must share one store.</remarks>
    protected ITaskStore Store
    {
        get
        {
            lock (_opened)
            {
                return _store ??= Track(CreateStore());
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    // xunit calls DisposeAsync first: the stores are closed when the storage goes.
    public void Dispose()
    {
        DisposeStorage();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates an empty store.</summary>
    protected abstract ITaskStore CreateStore();

    /// <summary>
    /// Closes <paramref name="store"/> and opens the same storage again, as a restarted master would; returns
    /// <see langword="null"/> when the store does not persist (the persistence facts then check the same instance).
    /// </summary>
    protected virtual ITaskStore? Reopen(ITaskStore store) => null;

    /// <summary>Deletes what the stores stored (files, databases), after every store was disposed.</summary>
    protected virtual void DisposeStorage()
    {
    }

    /// <summary>Reopens <see cref="Store"/> when the store persists; otherwise keeps it.</summary>
    protected ITaskStore ReopenStore()
    {
        if (Reopen(Store) is { } reopened)
        {
            lock (_opened)
            {
                _store = Track(reopened);
            }
        }

        return Store;
    }

    /// <summary>Adds a task that must be added.</summary>
    protected async Task<D8TaskInfo> AddAsync(D8TaskInfo task)
    {
        var result = await Store.AddAsync(task, Unbounded);
        Assert.Equal(TaskStoreAddOutcome.Added, result.Outcome);
        return result.Task!;
    }

    /// <summary>Adds a minimal task that must be added.</summary>
    protected Task<D8TaskInfo> AddAsync(string taskId, int priority = D8Task.DefaultPriority, DateTimeOffset? queuedAt = null) =>
        AddAsync(TaskStoreRecords.New(taskId, priority, queuedAt));

    /// <summary>Applies a change that must succeed.</summary>
    protected async Task<D8TaskInfo> UpdateAsync(D8TaskInfo task, Func<D8TaskInfo, D8TaskInfo> change)
    {
        var updated = await Store.TryUpdateAsync(change(task));
        Assert.NotNull(updated);
        return updated;
    }

    /// <summary>Moves a task to a state (final ones with <paramref name="finishedAt"/>).</summary>
    protected Task<D8TaskInfo> MoveAsync(D8TaskInfo task, D8TaskStatus status, DateTimeOffset? finishedAt = null) =>
        UpdateAsync(task, t => t with
        {
            Status = status,
            StartedAt = status == D8TaskStatus.Queued ? null : TaskStoreRecords.T0,
            FinishedAt = status.IsFinal() ? finishedAt ?? TaskStoreRecords.T0 : null,
        });

    private ITaskStore Track(ITaskStore store)
    {
        _opened.Add(store);
        return store;
    }
}
