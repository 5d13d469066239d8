using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.HumanRequests.Internal;

/// <summary>The top level of <c>requests.json</c>: <c>{"counter":N,"requests":[…]}</c>, plus <c>"alerts":[…]</c> when
/// there are owner alerts.</summary>
internal sealed class StoredRequestFile
{
    public int Counter { get; set; }

    public List<StoredRequest>? Requests { get; set; }

    /// <summary>The owner alerts' outbox, an extra top-level array the old reader ignores; left out when empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredOwnerAlert>? Alerts { get; set; }

    /// <summary>Members we do not know, kept so a write does not drop them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
