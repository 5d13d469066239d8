namespace D8.HumanRequests.Internal;

/// <summary>The pruning rule of every store: all undelivered alerts stay, of the delivered ones only the
/// <see cref="OwnerAlert.DeliveredKept"/> most recently created.</summary>
internal static class OwnerAlertPruning
{
    /// <summary>The alerts to keep, in the given (creation) order; the same list when nothing is pruned.</summary>
    public static IReadOnlyList<OwnerAlert> Prune(IReadOnlyList<OwnerAlert> alerts)
    {
        var delivered = alerts.Count(a => a.Delivered);
        if (delivered <= OwnerAlert.DeliveredKept)
        {
            return alerts;
        }

        var drop = delivered - OwnerAlert.DeliveredKept;
        var kept = new List<OwnerAlert>(alerts.Count - drop);
        foreach (var alert in alerts)
        {
            if (alert.Delivered && drop > 0)
            {
                drop--;
                continue;
            }

            kept.Add(alert);
        }

        return kept;
    }
}
