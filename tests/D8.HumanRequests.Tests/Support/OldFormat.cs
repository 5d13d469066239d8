using System.Text.Json.Serialization;

namespace D8.HumanRequests.Tests.Support;

/// <summary>The old file format as a plain reader would declare it: the old names and types, nothing of ours.</summary>
internal sealed class OldFormatFile
{
    [JsonPropertyName("counter")]
    public int Counter { get; set; }

    [JsonPropertyName("requests")]
    public List<OldFormatRequest> Requests { get; set; } = [];
}
