namespace D8.HumanRequests;

/// <summary>
/// An alert for the owner that does not belong to a request (a slave went down, recovered, runs another version),
/// kept in the human requests' store until every registered <see cref="IOwnerAlertNotifier"/> received it: the same
/// durable outbox as request notifications, shared between masters and kept across restarts and failover. Raise one
/// with <see cref="IOwnerAlerts.RaiseAsync"/>.
/// </summary>
/// <remarks>Delivery is tracked per notifier (by its type name in <see cref="DeliveredTo"/>), as
/// <see cref="HumanRequestNotificationState"/> does for requests. Delivered alerts are pruned: a store keeps the
/// <see cref="DeliveredKept"/> most recently created delivered ones.</remarks>
public sealed record OwnerAlert
{
    /// <summary>How many delivered alerts a store keeps (the most recently created ones); older delivered alerts are
    /// deleted when an alert is added or marked delivered, so the data stays small.</summary>
    public const int DeliveredKept = 100;

    /// <summary>The id, unique in the store (a version-7 GUID in hex, so ids sort by creation time).</summary>
    public required string Id { get; init; }

    /// <summary>What raised it, e.g. <c>slave</c> for the master's slave health events.</summary>
    public required string Source { get; init; }

    /// <summary>What happened, in the source's terms, e.g. <c>down</c>, <c>recovered</c>, <c>version_mismatch</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>What it is about, e.g. the slave id.</summary>
    public required string Subject { get; init; }

    /// <summary>A plain-text description (English) for notifiers that do not know the source's fields.</summary>
    public required string Text { get; init; }

    /// <summary>The source's details, by name (for <c>slave</c>: <c>previous_status</c>, <c>current_status</c>,
    /// <c>occurred_at</c>, <c>detail</c>), so a notifier can format the alert in its own language.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><see langword="true"/> once every registered notifier received it.</summary>
    public bool Delivered { get; init; }

    /// <summary>How many delivery rounds failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next delivery round is due; <see langword="null"/> means as soon as possible.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The notifiers (type names) that already received it.</summary>
    public IReadOnlyList<string> DeliveredTo { get; init; } = [];

    /// <summary>The last delivery error, if any.</summary>
    public string? LastError { get; init; }
}
