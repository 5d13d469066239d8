using System.Text.Json.Serialization;

namespace D8.HumanRequests.Internal;

/// <summary>The outbox state as stored: <c>{"kind","notified","attempts","next_attempt_at","delivered_to","last_error"}</c>, plus <c>"budget_alerts"</c> when it carries some.</summary>
internal sealed class StoredNotification
{
    public string? Kind { get; set; }

    public bool Notified { get; set; }

    public int Attempts { get; set; }

    public string? NextAttemptAt { get; set; }

    public List<string>? DeliveredTo { get; set; }

    public string? LastError { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredBudgetAlert>? BudgetAlerts { get; set; }
}
