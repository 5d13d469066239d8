using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.Distributed.Core.Internal;

/// <summary>Source-generated JSON for <c>slaves/config.json</c>: snake_case, indented like Python's <c>json.dump(indent=2)</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    IndentSize = 2,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(Dictionary<string, SlaveFileEntry>))]
[JsonSerializable(typeof(Dictionary<string, SlaveSecretEntry>))]
internal sealed partial class SlaveRegistryJsonContext : JsonSerializerContext;
