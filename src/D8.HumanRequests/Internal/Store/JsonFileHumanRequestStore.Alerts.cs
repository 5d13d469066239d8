namespace D8.HumanRequests.Internal;

/// <summary>The owner alerts' outbox: the <c>alerts</c> array of <c>requests.json</c>, written under the same lock as
/// the requests.</summary>
internal sealed partial class JsonFileHumanRequestStore
{
    public async ValueTask<bool> AddAlertAsync(OwnerAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var added = false;
        await UpdateSnapshotAsync(
            current =>
            {
                added = !current.Alerts.Any(a => string.Equals(a.Id, alert.Id, StringComparison.Ordinal));
                return added ? current.WithAlerts(OwnerAlertPruning.Prune([.. current.Alerts, alert])) : current;
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async ValueTask<IReadOnlyList<OwnerAlert>> GetUndeliveredAlertsAsync(CancellationToken cancellationToken) =>
        [.. (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Alerts.Where(a => !a.Delivered)];

    public async ValueTask<IReadOnlyList<OwnerAlert>> GetAlertsAsync(CancellationToken cancellationToken) =>
        (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Alerts;

    public async ValueTask<OwnerAlert?> UpdateAlertAsync(string alertId, Func<OwnerAlert, OwnerAlert> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ArgumentNullException.ThrowIfNull(update);
        OwnerAlert? result = null;
        await UpdateSnapshotAsync(
            current =>
            {
                var index = -1;
                for (var i = 0; i < current.Alerts.Count; i++)
                {
                    if (string.Equals(current.Alerts[i].Id, alertId, StringComparison.Ordinal))
                    {
                        index = i;
                        break;
                    }
                }

                if (index < 0)
                {
                    result = null;
                    return current;
                }

                var alert = current.Alerts[index];
                result = update(alert) ?? throw new InvalidOperationException("The update callback returned null.");
                if (ReferenceEquals(result, alert))
                {
                    return current;
                }

                if (!string.Equals(result.Id, alert.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The update callback changed the id '{alert.Id}' to '{result.Id}'.");
                }

                var alerts = current.Alerts.ToArray();
                alerts[index] = result;
                return current.WithAlerts(OwnerAlertPruning.Prune(alerts));
            },
            cancellationToken).ConfigureAwait(false);
        return result;
    }
}
