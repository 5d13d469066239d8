using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Source-generated metadata for <c>requests.json</c>: snake_case names, strict numbers, nulls written (the old
/// format has explicit <c>null</c>s), indented like the old system's <c>json.dump(indent=2)</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true,
    IndentSize = 2,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(StoredRequestFile))]
[JsonSerializable(typeof(StoredRequest))]
[JsonSerializable(typeof(StoredOwnerAlert))]
internal sealed partial class HumanRequestsJsonContext : JsonSerializerContext;
