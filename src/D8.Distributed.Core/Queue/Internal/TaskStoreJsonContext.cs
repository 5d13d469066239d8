using System.Text.Json.Serialization;

namespace D8.Distributed.Core.Internal;

/// <summary>Source-generated JSON for the list and dictionary columns of the SQLite task store.</summary>
/// <remarks>Dictionary keys (environment variable names) are kept as they are: no naming policy applies to them.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class TaskStoreJsonContext : JsonSerializerContext;
