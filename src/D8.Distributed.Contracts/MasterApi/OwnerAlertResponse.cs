namespace D8.Distributed.Contracts;

/// <summary>
/// An alert for the owner as the master API returns it (<c>GET /api/v1/alerts</c>): a slave that went down, recovered
/// or runs another version, with its delivery to the notifiers (Telegram).
/// </summary>
public sealed record OwnerAlertResponse
{
    /// <summary>Gets the id (sorts by creation time).</summary>
    public required string AlertId { get; init; }

    /// <summary>Gets what raised it, for example <c>slave</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Gets what happened, for example <c>down</c>, <c>recovered</c>, <c>version_mismatch</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets what it is about, for example the slave id.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the plain-text description (English).</summary>
    public required string Text { get; init; }

    /// <summary>Gets the source's details by name (for a slave: <c>previous_status</c>, <c>current_status</c>, <c>occurred_at</c>, <c>detail</c>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets when it was raised.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets whether every notifier received it.</summary>
    public bool Delivered { get; init; }

    /// <summary>Gets the notifiers that received it (their type names).</summary>
    public IReadOnlyList<string> DeliveredTo { get; init; } = [];

    /// <summary>Gets how many delivery attempts failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the next delivery attempt is due, while it is not delivered.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets the last delivery failure, or <see langword="null"/>.</summary>
    public string? LastError { get; init; }
}
