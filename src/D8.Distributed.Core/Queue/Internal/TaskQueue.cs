using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// <see cref="ITaskQueue"/> over the <see cref="ITaskStore"/>: validates, stores, wakes the dispatch loop, and waits
/// for final states (in-process signals, with a store poll for changes made by other processes).
/// </summary>
internal sealed class TaskQueue : ITaskQueue
{
    private readonly ITaskStore _store;
    private readonly TaskQueueSignals _signals;
    private readonly TaskDispatchLoop _loop;
    private readonly D8Metrics _metrics;
    private readonly D8TaskQueueOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskQueue> _logger;

    public TaskQueue(
        ITaskStore store,
        TaskQueueSignals signals,
        TaskDispatchLoop loop,
        D8Metrics metrics,
        IOptions<D8MasterOptions> options,
        TimeProvider timeProvider,
        ILogger<TaskQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _signals = signals;
        _loop = loop;
        _metrics = metrics;
        _options = options.Value.Queue;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<D8TaskInfo> EnqueueAsync(D8Task task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskRecords.Validate(task);
        var taskId = string.IsNullOrEmpty(task.TaskId) ? Guid.NewGuid().ToString("N") : task.TaskId;
        var added = await _store.AddAsync(TaskRecords.ToInfo(task, taskId, _timeProvider.GetUtcNow()), _options.MaxQueuedTasks, cancellationToken)
            .ConfigureAwait(false);
        switch (added.Outcome)
        {
            case TaskStoreAddOutcome.Full:
                _metrics.Refused(task.TaskType);
                throw new TaskQueueFullException(_options.MaxQueuedTasks, _options.RetryAfter);
            case TaskStoreAddOutcome.Added:
                _metrics.Queued(task.TaskType);
                Log.TaskQueued(_logger, taskId, task.Priority, task.TaskType);
                _loop.EnsureStarted();
                _signals.Wake();
                break;
        }

        return added.Task!;
    }

    public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return _store.GetAsync(taskId, cancellationToken);
    }

    public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > D8TaskQuery.MaxLimit)
        {
            throw new ArgumentException($"The page size {query.Limit} is outside 1–{D8TaskQuery.MaxLimit}.", nameof(query));
        }

        return _store.ListAsync(query, cancellationToken);
    }

    public async Task<D8TaskInfo?> WaitAsync(string taskId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var outcome = await WaitForOutcomeAsync(taskId, timeout, cancellationToken).ConfigureAwait(false);
        return outcome?.Task;
    }

    /// <summary>Waits like <see cref="WaitAsync"/>, keeping what this process knows beyond the record (the slave's answer, the failure).</summary>
    internal async Task<TaskOutcome?> WaitForOutcomeAsync(string taskId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The wait must be positive, or infinite.");
        }

        var final = _signals.WhenFinal(taskId);
        var deadline = timeout == Timeout.InfiniteTimeSpan ? (long?)null : _timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _timeProvider.TimestampFrequency);
        while (true)
        {
            if (final.IsCompleted)
            {
                return await final.ConfigureAwait(false);
            }

            // The store is the truth: another process (a CLI, another master) may have finished or cancelled the task.
            var task = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (task is null || task.IsFinal)
            {
                if (final.IsCompleted)
                {
                    return await final.ConfigureAwait(false);
                }

                if (task is not null)
                {
                    _signals.Finished(new TaskOutcome(task));
                }

                return task is null ? null : new TaskOutcome(task);
            }

            var remaining = deadline is { } end ? _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), end) : _options.PollInterval;
            if (remaining <= TimeSpan.Zero)
            {
                return new TaskOutcome(task);
            }

            try
            {
                return await final.WaitAsync(remaining < _options.PollInterval ? remaining : _options.PollInterval, _timeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look at the store again.
            }
        }
    }

    public async Task<D8TaskCancelResult?> CancelAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var why = string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason.Trim();
        while (true)
        {
            var task = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                return null;
            }

            if (task.IsFinal)
            {
                return new D8TaskCancelResult(Cancelled: false, task);
            }

            var cancelled = await _store.TryUpdateAsync(TaskRecords.End(task, D8TaskStatus.Cancelled, why, _timeProvider.GetUtcNow()), cancellationToken)
                .ConfigureAwait(false);
            if (cancelled is null)
            {
                continue; // It moved on meanwhile (claimed, finished): look again.
            }

            Log.TaskCancelled(_logger, taskId, why);
            _metrics.Finished(cancelled);
            _signals.Finished(new TaskOutcome(cancelled));
            if (task.Status == D8TaskStatus.Running && task.SlaveId is { } slaveId)
            {
                await _loop.CancelRunningAsync(taskId, slaveId, cancellationToken).ConfigureAwait(false);
            }

            return new D8TaskCancelResult(Cancelled: true, cancelled);
        }
    }

    public async Task<D8QueueStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var counts = await _store.CountAsync(_timeProvider.GetUtcNow().AddHours(-1), cancellationToken).ConfigureAwait(false);
        return new D8QueueStatistics(counts.Of(D8TaskStatus.Queued), counts.Of(D8TaskStatus.Running), counts.FinishedSince, _options.MaxQueuedTasks);
    }
}
