namespace D8.HumanRequests;

/// <summary>
/// The notification outbox entry of a request, persisted with it so a failed delivery is retried, also after a
/// restart.
/// </summary>
/// <remarks>Delivery is tracked per notifier (by its type name in <see cref="DeliveredTo"/>), so a notifier that
/// already received the notification is not asked again when another one failed.</remarks>
public sealed record HumanRequestNotificationState
{
    /// <summary>Why the notifiers are told.</summary>
    public required HumanRequestNotificationKind Kind { get; init; }

    /// <summary><see langword="true"/> once every registered notifier received it (or it became obsolete because the
    /// request was decided first).</summary>
    public bool Notified { get; init; }

    /// <summary>How many delivery rounds failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next delivery round is due; <see langword="null"/> means as soon as possible.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The notifiers (type names) that already received it.</summary>
    public IReadOnlyList<string> DeliveredTo { get; init; } = [];

    /// <summary>The last delivery error, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>The budget alerts delivered with this notification (<c>budget_alerts</c>); empty for most.</summary>
    public IReadOnlyList<HumanRequestBudgetAlert> BudgetAlerts { get; init; } = [];
}
