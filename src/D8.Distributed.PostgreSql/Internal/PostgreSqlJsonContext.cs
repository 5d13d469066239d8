using System.Text.Json.Serialization;
using D8.Distributed.Core;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Source-generated JSON for the task documents (snake_case; statuses by name; environment keys kept as they are).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(D8TaskInfo))]
internal sealed partial class PostgreSqlJsonContext : JsonSerializerContext;
