using System.Text.Json.Serialization;

namespace D8.HumanRequests.Tests.Support;

/// <summary>One request of the old format.</summary>
internal sealed class OldFormatRequest
{
    [JsonPropertyName("request_id")]
    public string RequestId { get; set; } = "";

    [JsonPropertyName("request_type")]
    public string RequestType { get; set; } = "";

    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("estimated_cost")]
    public decimal? EstimatedCost { get; set; }

    [JsonPropertyName("priority")]
    public int Priority { get; set; }

    [JsonPropertyName("created_at")]
    public string CreatedAt { get; set; } = "";

    [JsonPropertyName("created_by")]
    public string CreatedBy { get; set; } = "";

    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("approved_at")]
    public string? ApprovedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public string? CompletedAt { get; set; }

    [JsonPropertyName("actual_cost")]
    public decimal? ActualCost { get; set; }

    [JsonPropertyName("notes")]
    public string Notes { get; set; } = "";
}
