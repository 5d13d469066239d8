namespace D8.Distributed.Core.Internal;

/// <summary>
/// The in-memory task store: one lock over a dictionary. Records are copied from the caller's collections when stored
/// (<see cref="TaskSnapshot"/>) and immutable after, so reads hand them out as they are.
/// </summary>
internal sealed class InMemoryTaskStore : ITaskStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, D8TaskInfo> _tasks = new(StringComparer.Ordinal);
    private long _sequence;

    public Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.TaskId, nameof(task));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_tasks.TryGetValue(task.TaskId, out var existing))
            {
                return Task.FromResult(new TaskStoreAddResult(TaskStoreAddOutcome.Existing, existing));
            }

            if (_tasks.Values.Count(stored => stored.Status == D8TaskStatus.Queued) >= maxQueued)
            {
                return Task.FromResult(new TaskStoreAddResult(TaskStoreAddOutcome.Full, null));
            }

            var added = TaskSnapshot.Of(task) with { Status = D8TaskStatus.Queued, Sequence = ++_sequence, Version = 1 };
            _tasks[added.TaskId] = added;
            return Task.FromResult(new TaskStoreAddResult(TaskStoreAddOutcome.Added, added));
        }
    }

    public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_tasks.GetValueOrDefault(taskId));
        }
    }

    public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, D8TaskQuery.MaxLimit, nameof(query));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var page = _tasks.Values
                .Where(task => query.Before is not { } before || task.Sequence < before)
                .Where(task => query.Statuses.Count == 0 || query.Statuses.Contains(task.Status))
                .OrderByDescending(task => task.Sequence)
                .Take(query.Limit + 1)
                .ToList();
            long? next = null;
            if (page.Count > query.Limit)
            {
                page.RemoveAt(page.Count - 1);
                next = page[^1].Sequence;
            }

            return Task.FromResult(new D8TaskPage(page, next));
        }
    }

    public Task<IReadOnlyList<D8TaskInfo>> GetQueuedAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<D8TaskInfo> queued = _tasks.Values
                .Where(task => task.Status == D8TaskStatus.Queued)
                .OrderByDescending(task => task.Priority)
                .ThenBy(task => task.Sequence)
                .Take(limit)
                .ToList();
            return Task.FromResult(queued);
        }
    }

    public Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_tasks.TryGetValue(task.TaskId, out var stored) || stored.Version != task.Version)
            {
                return Task.FromResult<D8TaskInfo?>(null);
            }

            var updated = TaskSnapshot.Of(task) with { Sequence = stored.Sequence, Version = stored.Version + 1 };
            _tasks[task.TaskId] = updated;
            return Task.FromResult<D8TaskInfo?>(updated);
        }
    }

    public Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var byStatus = _tasks.Values.GroupBy(task => task.Status).ToDictionary(group => group.Key, group => group.Count());
            var finished = _tasks.Values.Count(task => task.FinishedAt is { } at && at >= finishedSince);
            return Task.FromResult(new TaskStoreCounts(byStatus, finished));
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFinished);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var finished = _tasks.Values.Where(task => task.IsFinal).OrderByDescending(task => task.Sequence).ToList();
            var doomed = finished
                .Where((task, index) => index >= keepFinished || (task.FinishedAt ?? task.QueuedAt) < finishedBefore)
                .Select(task => task.TaskId)
                .ToList();
            foreach (var taskId in doomed)
            {
                _tasks.Remove(taskId);
            }

            return Task.FromResult(doomed.Count);
        }
    }
}
