using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.Distributed.Contracts;

/// <summary>
/// Source-generated <c>System.Text.Json</c> metadata for the wire contracts: snake_case names, unknown members
/// ignored, as the old Python system expects.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(D8VersionInfo))]
[JsonSerializable(typeof(ExecutionMethods))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ExecuteRequest))]
[JsonSerializable(typeof(ExecuteResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SlaveTaskStatusResponse))]
public sealed partial class D8JsonContext : JsonSerializerContext;
