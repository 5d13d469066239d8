namespace D8.HumanRequests.Internal;

/// <summary>Postponed requests coming due (driven by the background service).</summary>
internal sealed partial class HumanRequestManager
{
    /// <summary>Returns every postponed request whose time is up to pending, queueing a "due again" notification,
    /// and returns when the next postponement falls due (or <see langword="null"/>).</summary>
    public async Task<DateTimeOffset?> ResumeDuePostponementsAsync(CancellationToken cancellationToken)
    {
        var postponed = await _store.GetPostponedAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var request in postponed)
        {
            if (!IsDue(request, now))
            {
                if (request.PostponedUntil is { } until && (next is null || until < next))
                {
                    next = until;
                }

                continue;
            }

            // Looked at again under the store's write lock: another process may have decided it meanwhile.
            var resumed = false;
            var saved = await _store.UpdateAsync(
                request.Id,
                current =>
                {
                    resumed = IsDue(current, now);
                    return resumed
                        ? Apply(current, HumanRequestAction.Resume, SystemActor, null, now) with
                        {
                            Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.DueAgain },
                        }
                        : current;
                },
                cancellationToken).ConfigureAwait(false);
            if (resumed && saved is not null)
            {
                Log.PostponementDue(_logger, request.Id, request.PostponedUntil ?? now);
            }
            else if (saved is { Status: HumanRequestStatus.Postponed, PostponedUntil: { } later } && (next is null || later < next))
            {
                next = later;
            }
        }

        return next;
    }

    private static bool IsDue(HumanRequest request, DateTimeOffset now) =>
        request.Status == HumanRequestStatus.Postponed && (request.PostponedUntil is null || request.PostponedUntil <= now);
}
