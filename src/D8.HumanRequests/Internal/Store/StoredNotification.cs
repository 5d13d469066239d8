namespace D8.HumanRequests.Internal;

/// <summary>The outbox state as stored: <c>{"kind","notified","attempts","next_attempt_at","delivered_to","last_error"}</c>.</summary>
internal sealed class StoredNotification
{
    public string? Kind { get; set; }

    public bool Notified { get; set; }

    public int Attempts { get; set; }

    public string? NextAttemptAt { get; set; }

    public List<string>? DeliveredTo { get; set; }

    public string? LastError { get; set; }
}
