using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Tracks the tasks in flight and the slave's shutdown: once draining, no task is admitted; when the grace period is
/// over, <see cref="KillToken"/> is cancelled and the running process trees are killed.
/// </summary>
internal sealed class SlaveLifecycle : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _kill = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _startedAt;
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private int _active;
    private volatile bool _draining;

    public SlaveLifecycle(TimeProvider timeProvider, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetTimestamp();
        lifetime?.ApplicationStopping.Register(BeginDraining);
    }

    public bool IsDraining => _draining;

    public CancellationToken KillToken => _kill.Token;

    public TimeSpan Uptime => _timeProvider.GetElapsedTime(_startedAt);

    public int Active => Volatile.Read(ref _active);

    public void BeginDraining() => _draining = true;

    /// <summary>Counts a task in; <see langword="false"/> once draining (the task must be refused).</summary>
    public bool TryTrack()
    {
        lock (_lock)
        {
            if (_draining)
            {
                return false;
            }

            if (_active++ == 0)
            {
                _idle = NewIdle(completed: false);
            }

            return true;
        }
    }

    public void Untrack()
    {
        lock (_lock)
        {
            if (--_active == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when no task is in flight.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    public void KillAll() => _kill.Cancel();

    public void Dispose() => _kill.Dispose();

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
