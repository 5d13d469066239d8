namespace D8.HumanRequests.Internal;

/// <summary>Expiry of requests (driven by the background service, so among several masters only the leader runs
/// it): a reminder <see cref="D8HumanRequestsOptions.ExpiryReminderLeadTime"/> before <see cref="HumanRequest.ExpiresAt"/>,
/// then <c>cancelled</c> by <see cref="ExpiryActor"/> with the note <see cref="ExpiredNote"/>.</summary>
internal sealed partial class HumanRequestManager
{
    /// <summary>The actor recorded when a request is cancelled because it expired.</summary>
    public const string ExpiryActor = "system:expiry";

    /// <summary>The note recorded with the cancellation of an expired request.</summary>
    public const string ExpiredNote = "expired";

    private static readonly HumanRequestFilter PendingFilter = new() { Status = HumanRequestStatus.Pending };
    private static readonly HumanRequestFilter PostponedFilter = new() { Status = HumanRequestStatus.Postponed };

    /// <summary>Cancels every pending or postponed request whose expiry has come and queues the due expiry
    /// reminders.</summary>
    /// <returns>When the next reminder or expiry falls due, and whether a reminder was queued or held back because
    /// the request's outbox slot still holds an undelivered notification (it is queued once that one is out).</returns>
    public async Task<ExpiryPass> ProcessExpiriesAsync(CancellationToken cancellationToken)
    {
        var pending = await _store.QueryAsync(PendingFilter, cancellationToken).ConfigureAwait(false);
        var postponed = await _store.QueryAsync(PostponedFilter, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var lead = _options.ExpiryReminderLeadTime;
        DateTimeOffset? next = null;
        bool queued = false, deferred = false;
        foreach (var request in pending.Concat(postponed))
        {
            if (request.ExpiresAt is not { } expiresAt)
            {
                continue;
            }

            if (expiresAt <= now)
            {
                await ExpireAsync(request.Id, now, cancellationToken).ConfigureAwait(false);
                continue;
            }

            next = Earliest(next, expiresAt);
            if (ReminderAt(request, lead) is not { } remindAt)
            {
                continue;
            }

            if (remindAt > now)
            {
                next = Earliest(next, remindAt);
                continue;
            }

            switch (await RemindAsync(request.Id, now, lead, cancellationToken).ConfigureAwait(false))
            {
                case true:
                    queued = true;
                    break;
                case false:
                    deferred = true;
                    break;
                default:
                    break;
            }
        }

        return new ExpiryPass(next, queued, deferred);
    }

    /// <summary>When the reminder of <paramref name="request"/> is due, or <see langword="null"/> when none is owed:
    /// already queued, no lead time, or the request was created closer to its expiry than the lead time (its ask
    /// already shows the expiry).</summary>
    private static DateTimeOffset? ReminderAt(HumanRequest request, TimeSpan lead)
    {
        if (lead <= TimeSpan.Zero || request.ExpiryRemindedAt is not null || request.ExpiresAt is not { } expiresAt
            || !HumanRequestTransitions.IsAwaitingDecision(request.Status))
        {
            return null;
        }

        var at = expiresAt - lead;
        return at > request.CreatedAt ? at : null;
    }

    private async Task ExpireAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Looked at again under the store's write lock: another process may have decided it meanwhile.
        HumanRequest? before = null;
        var saved = await _store.UpdateAsync(
            requestId,
            current =>
            {
                if (!HumanRequestTransitions.IsAwaitingDecision(current.Status) || current.ExpiresAt is not { } at || at > now)
                {
                    return current;
                }

                before = current;
                return Apply(current, HumanRequestAction.Cancel, ExpiryActor, ExpiredNote, now);
            },
            cancellationToken).ConfigureAwait(false);
        if (before is { ExpiresAt: { } expiresAt } && saved is not null)
        {
            Log.Expired(_logger, requestId, expiresAt, before.Status.ToWireName());
            Log.Transitioned(_logger, requestId, HumanRequestAction.Cancel.ToWireName(), ExpiryActor, before.Status.ToWireName(), saved.Status.ToWireName());
        }
    }

    /// <summary>Queues the reminder: <see langword="true"/> when queued, <see langword="false"/> when held back by an
    /// undelivered notification, <see langword="null"/> when no longer owed.</summary>
    private async Task<bool?> RemindAsync(string requestId, DateTimeOffset now, TimeSpan lead, CancellationToken cancellationToken)
    {
        bool? outcome = null;
        var saved = await _store.UpdateAsync(
            requestId,
            current =>
            {
                outcome = null;
                if (ReminderAt(current, lead) is not { } at || at > now || current.ExpiresAt <= now)
                {
                    return current;
                }

                if (current.Notification is { Notified: false })
                {
                    // One outbox slot per request: the ask (or its retry) goes first, the reminder right after it.
                    outcome = false;
                    return current;
                }

                outcome = true;
                return current with
                {
                    ExpiryRemindedAt = now,
                    Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.ExpiryReminder },
                };
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome == true && saved?.ExpiresAt is { } expiresAt)
        {
            Log.ExpiryReminderQueued(_logger, requestId, expiresAt);
        }

        return saved is null ? null : outcome;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;
}

/// <summary>The outcome of <see cref="HumanRequestManager.ProcessExpiriesAsync"/>.</summary>
/// <param name="Next">When the next reminder or expiry falls due, or <see langword="null"/>.</param>
/// <param name="Queued">A reminder was queued in the outbox.</param>
/// <param name="Deferred">A due reminder waits for an undelivered notification of the same request.</param>
internal readonly record struct ExpiryPass(DateTimeOffset? Next, bool Queued, bool Deferred);
