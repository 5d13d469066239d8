using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.HumanRequests.Internal;

/// <summary>The top level of <c>requests.json</c>: <c>{"counter":N,"requests":[…]}</c>.</summary>
internal sealed class StoredRequestFile
{
    public int Counter { get; set; }

    public List<StoredRequest>? Requests { get; set; }

    /// <summary>Members we do not know, kept so a write does not drop them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
