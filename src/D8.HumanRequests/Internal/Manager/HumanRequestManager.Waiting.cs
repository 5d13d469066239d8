namespace D8.HumanRequests.Internal;

/// <summary>Waiting for decisions: a waiter looks again at every change the store signals, its own writes as well
/// as changes made by other processes.</summary>
internal sealed partial class HumanRequestManager
{
    public async Task<HumanRequest> WaitForDecisionAsync(string requestId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive, zero, or Timeout.InfiniteTimeSpan.");
        }

        // The deadline is fixed before the first await so the wait is measured from the call.
        DateTimeOffset? deadline = timeout == Timeout.InfiniteTimeSpan ? null : _timeProvider.GetUtcNow() + timeout;
        cancellationToken.ThrowIfCancellationRequested();

        var current = await GetAsync(requestId, cancellationToken).ConfigureAwait(false);
        var id = current.Id;
        while (HumanRequestTransitions.IsAwaitingDecision(current.Status))
        {
            // The token is taken first, then the request looked at again: a decision made in between is not missed.
            var changed = _store.WatchChanges();
            current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (!HumanRequestTransitions.IsAwaitingDecision(current.Status))
            {
                break;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (changed.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), signal))
            {
                if (!await DeadlineWait.WaitAsync(signal.Task, deadline, _timeProvider, cancellationToken).ConfigureAwait(false))
                {
                    return await GetAsync(id, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        return current;
    }
}
