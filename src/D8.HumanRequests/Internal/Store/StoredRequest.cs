using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.HumanRequests.Internal;

/// <summary>
/// One request as stored in the file. The first thirteen members are the old system's format, with its names and
/// types; timestamps are strings because old files hold naive local times (<c>2026-11-26T00:47:15.015141</c>)
/// that must be read in the local time zone.
/// </summary>
internal sealed class StoredRequest
{
    public string? RequestId { get; set; }

    public string? RequestType { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public decimal? EstimatedCost { get; set; }

    public int Priority { get; set; }

    public string? CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? Status { get; set; }

    public string? ApprovedAt { get; set; }

    public string? CompletedAt { get; set; }

    public decimal? ActualCost { get; set; }

    public string? Notes { get; set; }

    // Our additions; the old system ignores members it does not know.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredHistoryEntry>? History { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PostponedUntil { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoredNotification? Notification { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredBudgetAlert>? BudgetAlerts { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Options { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChosenOption { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpiresAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpiryRemindedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredSentMessage>? SentMessages { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
