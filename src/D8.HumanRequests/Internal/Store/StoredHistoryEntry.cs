namespace D8.HumanRequests.Internal;

/// <summary>One history entry as stored: <c>{"at","actor","action","from","to","note"}</c>.</summary>
internal sealed class StoredHistoryEntry
{
    public string? At { get; set; }

    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Note { get; set; }
}
