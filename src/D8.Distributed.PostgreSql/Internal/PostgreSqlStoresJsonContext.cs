using System.Text.Json.Serialization;
using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Source-generated JSON for the registry's and the human requests' documents: the public records as they are
/// (snake_case, enums by name, computed properties left out), so a field added to a record needs no migration.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(SlaveInfo))]
[JsonSerializable(typeof(HumanRequest))]
[JsonSerializable(typeof(OwnerAlert))]
internal sealed partial class PostgreSqlStoresJsonContext : JsonSerializerContext;
