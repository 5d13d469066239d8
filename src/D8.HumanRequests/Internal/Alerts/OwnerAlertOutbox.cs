using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Delivers stored owner alerts to every registered <see cref="IOwnerAlertNotifier"/>, in the background service's
/// passes next to the request notifications: same backoff (<see cref="NotificationBackoff"/>), delivery tracked per
/// notifier so one that succeeded is not asked again.
/// </summary>
internal sealed class OwnerAlertOutbox
{
    private readonly IHumanRequestStore _store;
    private readonly IOwnerAlertNotifier[] _notifiers;
    private readonly TimeProvider _timeProvider;
    private readonly D8HumanRequestsOptions _options;
    private readonly ILogger _logger;

    public OwnerAlertOutbox(
        IHumanRequestStore store,
        IEnumerable<IOwnerAlertNotifier> notifiers,
        TimeProvider timeProvider,
        D8HumanRequestsOptions options,
        ILogger<OwnerAlertOutbox> logger)
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
    public static string KeyOf(IOwnerAlertNotifier notifier) => NotifierFanOut.KeyOf(notifier);

    /// <summary>Delivers every alert that is due; returns when the next retry is due (or <see langword="null"/>).</summary>
    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var undelivered = await _store.GetUndeliveredAlertsAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var alert in undelivered)
        {
            if (alert.Delivered)
            {
                continue;
            }

            if (alert.NextAttemptAt is { } at && at > now)
            {
                next = NotifierFanOut.Earliest(next, at);
                continue;
            }

            next = NotifierFanOut.Earliest(next, await DeliverAsync(alert, cancellationToken).ConfigureAwait(false));
        }

        return next;
    }

    private async Task<DateTimeOffset?> DeliverAsync(OwnerAlert alert, CancellationToken cancellationToken)
    {
        var (delivered, failure, failedNotifier) = await NotifierFanOut.DeliverAsync(
            _notifiers,
            alert.DeliveredTo,
            notifier => notifier.NotifyAsync(alert, cancellationToken),
            key => Log.AlertDelivered(_logger, alert.Source, alert.Kind, alert.Subject, key),
            cancellationToken).ConfigureAwait(false);

        if (failure is null)
        {
            await SaveAsync(alert, a => a with { Delivered = true, NextAttemptAt = null, DeliveredTo = delivered, LastError = null }).ConfigureAwait(false);
            return null;
        }

        var attempts = alert.Attempts + 1;
        var retryAt = _timeProvider.GetUtcNow() + NotificationBackoff.Delay(_options, attempts);
        Log.AlertFailed(_logger, alert.Source, alert.Kind, alert.Subject, failedNotifier!, attempts, retryAt, failure);
        await SaveAsync(
            alert,
            a => a with { Attempts = attempts, NextAttemptAt = retryAt, DeliveredTo = delivered, LastError = $"{failedNotifier}: {failure.Message}" }).ConfigureAwait(false);
        return retryAt;
    }

    /// <summary>Saves the outcome unless another process delivered the alert meanwhile (a former leader's last pass).</summary>
    private async Task SaveAsync(OwnerAlert seen, Func<OwnerAlert, OwnerAlert> change)
    {
        // The outcome must be saved even while stopping: otherwise a delivered alert is sent again.
        await _store.UpdateAlertAsync(
            seen.Id,
            now => now.Delivered || now.Attempts != seen.Attempts ? now : change(now),
            CancellationToken.None).ConfigureAwait(false);
    }
}
