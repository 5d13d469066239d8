namespace D8.HumanRequests.Internal;

/// <summary>An owner alert as stored in the <c>alerts</c> array of <c>requests.json</c>:
/// <c>{"id","source","kind","subject","text","fields","created_at","delivered","attempts","next_attempt_at","delivered_to","last_error"}</c>.</summary>
internal sealed class StoredOwnerAlert
{
    public string? Id { get; set; }

    public string? Source { get; set; }

    public string? Kind { get; set; }

    public string? Subject { get; set; }

    public string? Text { get; set; }

    public Dictionary<string, string>? Fields { get; set; }

    public string? CreatedAt { get; set; }

    public bool Delivered { get; set; }

    public int Attempts { get; set; }

    public string? NextAttemptAt { get; set; }

    public List<string>? DeliveredTo { get; set; }

    public string? LastError { get; set; }
}
