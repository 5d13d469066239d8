namespace D8.HumanRequests.Internal;

/// <summary>Postponed requests coming due (driven by the background service).</summary>
internal sealed partial class HumanRequestManager
{
    /// <summary>Reads the store (noticing changes by other processes, which may release waiters) and returns
    /// the snapshot.</summary>
    public Task<HumanRequestStoreSnapshot> RefreshAsync(CancellationToken cancellationToken) => ReadAsync(cancellationToken);

    /// <summary>Returns every postponed request whose time is up to pending, queueing a "due again" notification,
    /// and returns when the next postponement falls due (or <see langword="null"/>).</summary>
    public async Task<DateTimeOffset?> ResumeDuePostponementsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        if (!snapshot.Requests.Any(r => IsDue(r, now)))
        {
            return NextDue(snapshot);
        }

        var resumed = new List<HumanRequest>();
        snapshot = await _store.UpdateAsync(
            current =>
            {
                resumed.Clear();
                var next = current;
                foreach (var request in current.Requests)
                {
                    if (IsDue(request, now))
                    {
                        var pending = Apply(request, HumanRequestAction.Resume, SystemActor, null, now) with
                        {
                            Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.DueAgain },
                        };
                        next = next.WithRequest(pending);
                        resumed.Add(request);
                    }
                }

                return next;
            },
            cancellationToken).ConfigureAwait(false);

        foreach (var request in resumed)
        {
            Log.PostponementDue(_logger, request.Id, request.PostponedUntil ?? now);
        }

        Observe(snapshot);
        return NextDue(snapshot);
    }

    private static bool IsDue(HumanRequest request, DateTimeOffset now) =>
        request.Status == HumanRequestStatus.Postponed && (request.PostponedUntil is null || request.PostponedUntil <= now);

    private static DateTimeOffset? NextDue(HumanRequestStoreSnapshot snapshot)
    {
        DateTimeOffset? next = null;
        foreach (var request in snapshot.Requests)
        {
            if (request is { Status: HumanRequestStatus.Postponed, PostponedUntil: { } until } && (next is null || until < next))
            {
                next = until;
            }
        }

        return next;
    }
}
