namespace D8.HumanRequests.Internal;

/// <summary>Wakes the background service early: a request was created or postponed, or a notification queued.</summary>
internal sealed class HumanRequestsSignal
{
    private readonly Lock _lock = new();
    private bool _signaled;
    private TaskCompletionSource? _waiter;

    public void Notify()
    {
        lock (_lock)
        {
            _signaled = true;
            _waiter?.TrySetResult();
        }
    }

    /// <summary>Waits until <see cref="Notify"/> is called (or was called since the last wait) or
    /// <paramref name="wakeAt"/> passes.</summary>
    public async Task WaitAsync(DateTimeOffset wakeAt, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_lock)
        {
            if (_signaled)
            {
                _signaled = false;
                return;
            }

            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = _waiter.Task;
        }

        try
        {
            await DeadlineWait.WaitAsync(signal, wakeAt, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _waiter = null;
                _signaled = false;
            }
        }
    }
}
