using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Delivers queued notifications to every registered notifier. The queue is the <c>notification</c> state saved with
/// each request, so nothing is lost across restarts; a failure is retried with exponential backoff, and only the
/// notifiers that have not received it yet are asked again.
/// </summary>
/// <remarks>Kept apart from the manager so a notifier may itself depend on <see cref="IHumanRequestManager"/>
/// without a dependency cycle.</remarks>
internal sealed class HumanRequestOutbox
{
    private readonly IHumanRequestStore _store;
    private readonly IHumanRequestNotifier[] _notifiers;
    private readonly TimeProvider _timeProvider;
    private readonly D8HumanRequestsOptions _options;
    private readonly ILogger _logger;

    public HumanRequestOutbox(
        IHumanRequestStore store,
        IEnumerable<IHumanRequestNotifier> notifiers,
        TimeProvider timeProvider,
        D8HumanRequestsOptions options,
        ILogger<HumanRequestOutbox> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifiers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _notifiers = [.. notifiers];
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>The key under which delivery to a notifier is recorded.</summary>
    public static string KeyOf(IHumanRequestNotifier notifier) => NotifierFanOut.KeyOf(notifier);

    /// <summary>Delivers every notification that is due; returns when the next retry is due (or <see langword="null"/>).</summary>
    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var undelivered = await _store.GetUndeliveredNotificationsAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var request in undelivered)
        {
            if (request.Notification is not { Notified: false } state)
            {
                continue;
            }

            if (state.NextAttemptAt is { } at && at > now)
            {
                next = NotifierFanOut.Earliest(next, at);
                continue;
            }

            next = NotifierFanOut.Earliest(next, await DeliverAsync(request, state, cancellationToken).ConfigureAwait(false));
        }

        return next;
    }

    private async Task<DateTimeOffset?> DeliverAsync(HumanRequest request, HumanRequestNotificationState state, CancellationToken cancellationToken)
    {
        var kind = state.Kind.ToString();
        if (HumanRequestManager.IsObsolete(state.Kind, request.Status))
        {
            Log.NotificationObsolete(_logger, kind, request.Id, request.Status.ToWireName());
            await SaveAsync(request, state, s => s with { Notified = true, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var notification = new HumanRequestNotification(state.Kind, request) { BudgetAlerts = state.BudgetAlerts };
        var (delivered, failure, failedNotifier) = await NotifierFanOut.DeliverAsync(
            _notifiers,
            state.DeliveredTo,
            notifier => notifier.NotifyAsync(notification, cancellationToken),
            key => Log.NotificationDelivered(_logger, kind, request.Id, key),
            cancellationToken).ConfigureAwait(false);

        if (failure is null)
        {
            await SaveAsync(request, state, s => s with { Notified = true, NextAttemptAt = null, DeliveredTo = delivered, LastError = null }, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var attempts = state.Attempts + 1;
        var retryAt = _timeProvider.GetUtcNow() + Backoff(attempts);
        Log.NotificationFailed(_logger, kind, request.Id, failedNotifier!, attempts, retryAt, failure);
        await SaveAsync(
            request,
            state,
            s => s with { Attempts = attempts, NextAttemptAt = retryAt, DeliveredTo = delivered, LastError = $"{failedNotifier}: {failure.Message}" },
            cancellationToken).ConfigureAwait(false);
        return retryAt;
    }

    /// <summary>initial × 2^(attempts−1), capped.</summary>
    private TimeSpan Backoff(int attempts) => NotificationBackoff.Delay(_options, attempts);

    /// <summary>Saves the outcome unless the request's outbox entry changed meanwhile (decided, queued again). Any
    /// transition meanwhile (its history grew) counts as a change: it may have queued a new entry that looks like the
    /// one delivered (two decisions in a row), and that one must still go out.</summary>
    private async Task SaveAsync(
        HumanRequest delivered,
        HumanRequestNotificationState seen,
        Func<HumanRequestNotificationState, HumanRequestNotificationState> change,
        CancellationToken cancellationToken)
    {
        // The outcome must be saved even while stopping: otherwise a delivered notification is sent again.
        _ = cancellationToken;
        await _store.UpdateAsync(
            delivered.Id,
            request =>
            {
                if (request.Notification is not { } now
                    || request.History.Count != delivered.History.Count
                    || now.Notified != seen.Notified || now.Kind != seen.Kind || now.Attempts != seen.Attempts
                    || now.BudgetAlerts.Count != seen.BudgetAlerts.Count)
                {
                    return request;
                }

                return request with { Notification = change(now) };
            },
            CancellationToken.None).ConfigureAwait(false);
    }
}
