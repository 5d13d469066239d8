using System.Text.Json.Serialization;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Internal;

/// <summary>Source-generated JSON for --json output: snake_case like every other D8 file and wire format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true)]
[JsonSerializable(typeof(SlaveView))]
[JsonSerializable(typeof(IReadOnlyList<SlaveView>))]
[JsonSerializable(typeof(RequestView))]
[JsonSerializable(typeof(IReadOnlyList<RequestView>))]
[JsonSerializable(typeof(TaskResultView))]
[JsonSerializable(typeof(ActionView))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(IReadOnlyList<TaskResponse>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
