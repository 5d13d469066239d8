using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;

namespace D8.Distributed.Contracts.Tests.MasterApi;

/// <summary>The wire JSON of the master API, snapshotted so that any change to it is deliberate.</summary>
public sealed class MasterApiJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 31, 18, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Dtos_Json_MatchSnapshot()
    {
        var context = D8MasterApiJsonContext.Default;
        var task = new TaskResponse
        {
            TaskId = "t-1",
            Status = "succeeded",
            Command = "print(6*7)",
            Method = "auto",
            TaskType = "default",
            Priority = 5,
            TimeoutSeconds = 30,
            Capabilities = ["gpu"],
            EnvNames = ["API_KEY"],
            QueuedAt = At,
            StartedAt = At.AddSeconds(1),
            FinishedAt = At.AddSeconds(2),
            SlaveId = "pc-1",
            Attempts = 1,
            ExitCode = 0,
            Output = "42\n",
            MethodUsed = "python",
            DurationMs = 25,
            SubmittedBy = "cli",
            Sequence = 7,
        };
        var snapshot = new JsonObject
        {
            ["task_submit_request"] = Node(new TaskSubmitRequest { Command = "print(1)", Priority = 9, Env = new Dictionary<string, string> { ["A"] = "1" }, Capabilities = ["docker"], TaskId = "t-1" }, context.TaskSubmitRequest),
            ["task"] = Node(task, context.TaskResponse),
            ["task_page"] = Node(new TaskPageResponse { Tasks = [task], NextBefore = 7 }, context.TaskPageResponse),
            ["task_conflict"] = Node(new TaskConflictResponse("Task 't-1' is already succeeded: there is nothing to cancel.", task), context.TaskConflictResponse),
            ["slave"] = Node(new SlaveResponse { Id = "pc-1", Host = "192.168.1.100", Port = 7600, Status = "healthy", Drained = true, Commit = "abc1234", Version = "1.0.0", RegisteredAt = At, LastSeen = At, Capabilities = ["python", "gpu"], RunningTasks = 1, MaxConcurrentTasks = 4 }, context.SlaveResponse),
            ["slave_registration"] = Node(new SlaveRegistrationRequest { Id = "pc-1", Host = "192.168.1.100", Port = 7600, Capabilities = ["gpu"] }, context.SlaveRegistrationRequest),
            ["request_create"] = Node(new HumanRequestCreateRequest { RequestType = "payment", Title = "Buy the domain", Description = "example.com", EstimatedCost = 12.99m, Priority = 8, CreatedBy = "NicheDiscovery" }, context.HumanRequestCreateRequest),
            ["request_decision"] = Node(new HumanRequestDecisionRequest { Note = "ok", For = "2h", ActualCost = 11.50m }, context.HumanRequestDecisionRequest),
            ["request"] = Node(new HumanRequestResponse { RequestId = "req-0001", RequestType = "payment", Title = "Buy the domain", EstimatedCost = 12.99m, Priority = 8, CreatedAt = At, CreatedBy = "NicheDiscovery", Status = "approved", ApprovedAt = At.AddHours(1), Notes = "Aprobado por api", History = [new HumanRequestHistoryResponse(At, "NicheDiscovery", "create", null, "pending", null), new HumanRequestHistoryResponse(At.AddHours(1), "api", "approve", "pending", "approved", "ok")] }, context.HumanRequestResponse),
            ["health"] = Node(new MasterHealthResponse { Status = "ok", Role = "leader", Version = "1.0.0", Commit = "abc1234" }, context.MasterHealthResponse),
            ["error"] = Node(new ErrorResponse("Unauthorized"), context.ErrorResponse),
        };

        Snapshot.Match(snapshot.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public void TaskSubmitRequest_UnknownFieldsAndSnakeCase_AreRead()
    {
        var request = JsonSerializer.Deserialize("""{"command":"pass","timeout_seconds":2.5,"max_retries":1,"working_dir":"/tmp","submitted_by":"py","extra":{"x":1}}""", D8MasterApiJsonContext.Default.TaskSubmitRequest)!;

        Assert.Equal(("pass", 2.5, 1, "/tmp", "py"), (request.Command, request.TimeoutSeconds, request.MaxRetries, request.WorkingDir, request.SubmittedBy));
    }

    [Fact]
    public void TaskSubmitRequest_NumberAsString_IsRefusedNamingThePath()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"command":"pass","priority":"9"}""", D8MasterApiJsonContext.Default.TaskSubmitRequest));

        Assert.Equal("$.priority", error.Path);
    }

    [Theory]
    [InlineData("queued", false)]
    [InlineData("running", false)]
    [InlineData("succeeded", true)]
    [InlineData("lost", true)]
    public void TaskResponse_IsFinal_FollowsTheStatus(string status, bool final)
    {
        var task = new TaskResponse { TaskId = "t", Status = status, Command = "pass", Method = "auto", TaskType = "default" };

        Assert.Equal(final, task.IsFinal);
        Assert.DoesNotContain("is_final", JsonSerializer.Serialize(task, D8MasterApiJsonContext.Default.TaskResponse), StringComparison.Ordinal);
    }

    private static JsonNode Node<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, typeInfo))!;
}
