namespace D8.HumanRequests.Internal;

/// <summary>Waiting for decisions: waiters are woken by every snapshot the manager sees, its own writes as well as
/// changes read back from other processes.</summary>
internal sealed partial class HumanRequestManager
{
    private readonly Lock _waitersLock = new();
    private readonly Dictionary<string, List<TaskCompletionSource<HumanRequest>>> _waiters = new(StringComparer.Ordinal);
    private HumanRequestStoreSnapshot? _lastObserved;

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
        if (!HumanRequestTransitions.IsAwaitingDecision(current.Status))
        {
            return current;
        }

        var id = current.Id;
        var waiter = new TaskCompletionSource<HumanRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            if (!_waiters.TryGetValue(id, out var list))
            {
                _waiters[id] = list = [];
            }

            list.Add(waiter);
        }

        try
        {
            // Registered first, then looked again: a decision made in between is not missed.
            current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (!HumanRequestTransitions.IsAwaitingDecision(current.Status))
            {
                return current;
            }

            var decided = await DeadlineWait.WaitAsync(waiter.Task, deadline, _timeProvider, cancellationToken).ConfigureAwait(false);
            return decided ? await waiter.Task.ConfigureAwait(false) : await GetAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            lock (_waitersLock)
            {
                if (_waiters.TryGetValue(id, out var list) && list.Remove(waiter) && list.Count == 0)
                {
                    _waiters.Remove(id);
                }
            }
        }
    }

    /// <summary>Looks at a snapshot the store returned and releases the waiters whose request was decided.</summary>
    private void Observe(HumanRequestStoreSnapshot snapshot)
    {
        List<(TaskCompletionSource<HumanRequest> Waiter, HumanRequest Request)>? release = null;
        lock (_waitersLock)
        {
            if (ReferenceEquals(snapshot, _lastObserved))
            {
                return;
            }

            _lastObserved = snapshot;
            foreach (var (id, list) in _waiters)
            {
                if (snapshot.Find(id) is { } request && !HumanRequestTransitions.IsAwaitingDecision(request.Status))
                {
                    release ??= [];
                    release.AddRange(list.Select(w => (w, request)));
                }
            }
        }

        if (release is not null)
        {
            foreach (var (waiter, request) in release)
            {
                waiter.TrySetResult(request);
            }
        }
    }
}
