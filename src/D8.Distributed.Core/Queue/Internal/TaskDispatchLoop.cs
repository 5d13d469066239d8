using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The dispatch loop: takes queued tasks in start order (priority, then FIFO), places each on an eligible slave with
/// capacity (eligibility, selector, load), claims it in the store (queued → running, optimistic) and runs it. Woken
/// by new tasks, finished tasks and registry changes; looks at the store every poll interval regardless. Started by
/// the master's hosted service, or on first use by an application that runs no host.
/// </summary>
internal sealed partial class TaskDispatchLoop : IAsyncDisposable, IDisposable
{
    /// <summary>How many queued tasks one pass looks at (the rest wait for the next pass).</summary>
    internal const int PassSize = 256;

    /// <summary>The planned run time of a running task with no prediction.</summary>
    private const double UnknownRunMs = 1000;

    /// <summary>How many queued tasks a pass reads at least.</summary>
    internal const int MinPassSize = 16;

    private static readonly IReadOnlyDictionary<string, string> NoFailures = new Dictionary<string, string>();

    private readonly ITaskStore _store;
    private readonly TaskQueueSignals _signals;
    private readonly ISlaveRegistry _registry;
    private readonly SlaveHealthChecker _checker;
    private readonly SlaveClientFactory _clients;
    private readonly ISlaveSelector _selector;
    private readonly ID8Leadership _leadership;
    private readonly DurationModel _model;
    private readonly SlaveLoadTracker _load;
    private readonly LatencyTracker _latency;
    private readonly D8Metrics _metrics;
    private readonly TaskHistory _history;
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskDispatchLoop> _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, RunningTask> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _failedSlaves = new(StringComparer.Ordinal);
    private Task? _loop;
    private bool _stopped;
    private long _lastPurge;
    private long _lastCount;

    public TaskDispatchLoop(
        ITaskStore store,
        TaskQueueSignals signals,
        ISlaveRegistry registry,
        SlaveHealthChecker checker,
        SlaveClientFactory clients,
        ISlaveSelector selector,
        ID8Leadership leadership,
        DurationModel model,
        SlaveLoadTracker load,
        LatencyTracker latency,
        D8Metrics metrics,
        TaskHistory history,
        IOptions<D8MasterOptions> options,
        TimeProvider timeProvider,
        ILogger<TaskDispatchLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _signals = signals;
        _registry = registry;
        _checker = checker;
        _clients = clients;
        _selector = selector;
        _leadership = leadership;
        _model = model;
        _load = load;
        _latency = latency;
        _metrics = metrics;
        _history = history;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many tasks this process has in flight on slaves.</summary>
    public int InFlight => _running.Count;

    /// <summary>Starts the loop once; later calls (and calls after <see cref="StopAsync"/>) do nothing.</summary>
    public void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_loop is not null || _stopped)
            {
                return;
            }

            _registry.Changed += OnRegistryChanged;
            SubscribeToFeed();
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Stops the loop. Tasks in flight stay <see cref="D8TaskStatus.Running"/> in the store (their slaves carry on):
    /// the next start rejoins them by <c>task_id</c>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
        {
            _stopped = true;
            loop = _loop;
            _registry.Changed -= OnRegistryChanged;
            UnsubscribeFromFeed();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var pending = _running.Values.Select(running => running.Completion).Append(loop ?? Task.CompletedTask).ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The loop and the runners end by cancellation; that is the normal way out.
        }
    }

    /// <summary>Stops the loop without waiting for it (the container's synchronous disposal).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _registry.Changed -= OnRegistryChanged;
            UnsubscribeFromFeed();
        }

        _stopping.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void OnRegistryChanged(object? sender, SlaveRegistryChangedEventArgs e) => _signals.Wake();

    private Task RunAsync(CancellationToken stopping) => LeaderTerms.RunAsync(_leadership, "dispatch loop", _logger, RunTermAsync, stopping);

    /// <summary>
    /// One term of leadership (for a single master: until the host stops): rejoins the tasks left running, then
    /// dispatches. When the term ends, the runners stop waiting (their tasks stay running in the store, for the next
    /// leader to rejoin) and the term ends once they have.
    /// </summary>
    private async Task RunTermAsync(CancellationToken term)
    {
        try
        {
            await DispatchTermAsync(term).ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(_running.Values.Select(running => running.Completion)).ConfigureAwait(false);
        }
    }

    private async Task DispatchTermAsync(CancellationToken stopping)
    {
        try
        {
            await _model.RestoreAsync(_store, _options.DurationHistoryOnStart, stopping).ConfigureAwait(false);
            await RecoverAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            Log.DispatchPassFailed(_logger, ex);
        }

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stopping).ConfigureAwait(false);
                await HousekeepAsync(stopping).ConfigureAwait(false);
                await _signals.WaitForWakeAsync(_options.Queue.PollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.DispatchPassFailed(_logger, ex);
                try
                {
                    await Task.Delay(_options.Queue.PollInterval, _timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PassAsync(CancellationToken stopping)
    {
        // Read only as many queued tasks as could start now (a few times the free slots, in case the first ones need
        // a busy slave), and none when every slave is full: a wake per finished task must not re-read a long queue.
        var free = FreeSlots(_registry.GetAll());
        if (free == 0)
        {
            return;
        }

        var limit = Math.Clamp(free * 4, MinPassSize, PassSize);
        while (true)
        {
            var queued = await _store.GetQueuedAsync(limit, stopping).ConfigureAwait(false);
            if (queued.Count == 0)
            {
                return;
            }

            var pass = new PlacementPass(_selector, _model);

            // Slaves this process has not checked yet are checked now, rather than excluded as "not checked yet".
            await _checker.CheckUncheckedAsync(stopping).ConfigureAwait(false);
            var slaves = _registry.GetAll();
            foreach (var task in queued)
            {
                if (_running.ContainsKey(task.TaskId))
                {
                    continue;
                }

                var placement = Place(task, slaves, pass);
                if (placement is not { StartNow: true })
                {
                    continue; // No slave for it now, or it waits for a busy one that is predicted to finish it sooner.
                }

                var chosen = placement.Candidate.Slave;
                var now = _timeProvider.GetUtcNow();
                var claimed = await _store.TryUpdateAsync(
                    task with
                    {
                        Status = D8TaskStatus.Running,
                        SlaveId = chosen.Id,
                        StartedAt = now,
                        Attempts = task.Attempts + 1,
                        PredictedDuration = placement.Candidate.PredictedDuration,
                    },
                    stopping).ConfigureAwait(false);
                if (claimed is null)
                {
                    continue; // Cancelled or claimed by another master meanwhile.
                }

                var wait = now - task.QueuedAt;
                _metrics.Started(claimed, wait);
                Log.TaskAssigned(_logger, claimed.TaskId, chosen.Id, (long)wait.TotalMilliseconds);
                Start(claimed, chosen, join: false, stopping);
                if (FreeSlots(slaves) == 0)
                {
                    return;
                }
            }

            // Slots are still free but the tasks read could not use them: look further down the queue, up to PassSize.
            if (queued.Count < limit || limit >= PassSize || FreeSlots(_registry.GetAll()) == 0)
            {
                return;
            }

            limit = Math.Min(PassSize, limit * 4);
        }
    }

    /// <summary>
    /// How many tasks could start now at most: the free slots of the slaves that are (or may be, when not checked
    /// yet) healthy and not drained; <see cref="PassSize"/> when one of them has no declared limit.
    /// </summary>
    private int FreeSlots(IReadOnlyList<SlaveInfo> slaves)
    {
        long free = 0;
        foreach (var slave in slaves)
        {
            if (slave.Drained || slave.Status is not (SlaveStatus.Healthy or SlaveStatus.Unknown))
            {
                continue;
            }

            if (slave.MaxConcurrentTasks is not { } maximum)
            {
                return PassSize;
            }

            free += Math.Max(0, maximum - _load.EstimatedLoad(slave.Id, slave.RunningTasks));
        }

        return (int)Math.Min(free, PassSize);
    }

    /// <summary>Where the task should go now (see <see cref="PlacementPass"/>), or <see langword="null"/> when no slave is eligible.</summary>
    private Placement? Place(D8TaskInfo task, IReadOnlyList<SlaveInfo> slaves, PlacementPass pass)
    {
        var request = TaskRecords.ToTask(task);
        var failed = _failedSlaves.TryGetValue(task.TaskId, out var failures) ? failures : NoFailures;
        var states = new List<SlaveState>(slaves.Count);
        foreach (var slave in slaves)
        {
            states.Add(new SlaveState(slave, _load.EstimatedLoad(slave.Id, slave.RunningTasks), RemainingWorkMs(slave.Id), _latency.Average(slave.Id, task.TaskType)));
        }

        return pass.Place(request, states, failed);
    }

    /// <summary>The predicted remaining run time of the tasks this master runs on the slave, summed.</summary>
    private double RemainingWorkMs(string slaveId)
    {
        var now = _timeProvider.GetTimestamp();
        double remaining = 0;
        foreach (var running in _running.Values)
        {
            if (string.Equals(running.SlaveId, slaveId, StringComparison.Ordinal))
            {
                var elapsed = _timeProvider.GetElapsedTime(running.StartedTimestamp, now).TotalMilliseconds;
                remaining += Math.Max(0, (running.PredictedMs ?? UnknownRunMs) - elapsed);
            }
        }

        return remaining;
    }

    /// <summary>
    /// Whether any slave other than the failed ones could take the task once it has capacity; when none can,
    /// <paramref name="exclusions"/> says why for each slave.
    /// </summary>
    private bool AnyOtherCouldTake(D8TaskInfo task, IReadOnlyDictionary<string, string> failed, out Dictionary<string, string> exclusions)
    {
        var request = TaskRecords.ToTask(task);
        exclusions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slave in _registry.GetAll())
        {
            var reason = Eligibility.Exclude(slave, request, load: 0, failed);
            if (reason is null)
            {
                return true;
            }

            exclusions[slave.Id] = reason;
        }

        return false;
    }

    private async Task HousekeepAsync(CancellationToken stopping)
    {
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(_lastCount, now) >= TimeSpan.FromSeconds(1) || _lastCount == 0)
        {
            _lastCount = now;
            var counts = await _store.CountAsync(_timeProvider.GetUtcNow(), stopping).ConfigureAwait(false);
            _metrics.Depth(counts.Of(D8TaskStatus.Queued), counts.Of(D8TaskStatus.Running));
        }

        if (_timeProvider.GetElapsedTime(_lastPurge, now) >= TimeSpan.FromMinutes(1) || _lastPurge == 0)
        {
            _lastPurge = now;
            var purged = await _store.PurgeAsync(
                _timeProvider.GetUtcNow() - _options.Queue.RetainFinishedFor, _options.Queue.RetainFinishedTasks, stopping).ConfigureAwait(false);
            if (purged > 0)
            {
                Log.TasksPurged(_logger, purged);
            }
        }
    }

    private void Start(D8TaskInfo task, SlaveInfo slave, bool join, CancellationToken term)
    {
        var lease = _load.Begin(slave.Id);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = RunTaskAsync(task, slave, join, start.Task, lease, term);
        _running[task.TaskId] = new RunningTask(slave.Id, completion, _timeProvider.GetTimestamp(), task.PredictedDuration?.TotalMilliseconds);
        start.SetResult();
    }

    private async Task RunTaskAsync(D8TaskInfo task, SlaveInfo slave, bool join, Task started, IDisposable lease, CancellationToken stopping)
    {
        await started.ConfigureAwait(false);
        try
        {
            if (join)
            {
                await RejoinAsync(task, slave, stopping).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(task, slave, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The master is stopping or no longer leads: the task stays running in the store and is rejoined by the
            // next start or the next leader.
        }
        catch (Exception ex)
        {
            Log.ResultNotStored(_logger, task.TaskId, ex);
        }
        finally
        {
            lease.Dispose();
            _running.TryRemove(task.TaskId, out _);
            _signals.Wake();
        }
    }

    private sealed record RunningTask(string SlaveId, Task Completion, long StartedTimestamp, double? PredictedMs);
}
