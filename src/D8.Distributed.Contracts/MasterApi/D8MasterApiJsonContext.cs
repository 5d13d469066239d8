using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.Distributed.Contracts;

/// <summary>
/// Source-generated <c>System.Text.Json</c> metadata for the master API (<c>/api/v1</c>, <c>/healthz</c>): snake_case
/// names, numbers only as JSON numbers, unknown members ignored. Used by the master and by <see cref="D8MasterClient"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(TaskSubmitRequest))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(TaskPageResponse))]
[JsonSerializable(typeof(TaskConflictResponse))]
[JsonSerializable(typeof(SlaveResponse))]
[JsonSerializable(typeof(IReadOnlyList<SlaveResponse>))]
[JsonSerializable(typeof(SlaveRegistrationRequest))]
[JsonSerializable(typeof(HumanRequestCreateRequest))]
[JsonSerializable(typeof(HumanRequestDecisionRequest))]
[JsonSerializable(typeof(HumanRequestResponse))]
[JsonSerializable(typeof(IReadOnlyList<HumanRequestResponse>))]
[JsonSerializable(typeof(BudgetResponse))]
[JsonSerializable(typeof(IReadOnlyList<OwnerAlertResponse>))]
[JsonSerializable(typeof(MasterHealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class D8MasterApiJsonContext : JsonSerializerContext;
