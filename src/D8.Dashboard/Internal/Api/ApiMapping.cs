using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Shared.MasterApi;

namespace D8.Dashboard.Internal;

/// <summary>The domain records as the master API's DTOs (environment values never leave the master).</summary>
internal static class ApiMapping
{
    public static TaskResponse ToResponse(D8TaskInfo task) => new()
    {
        TaskId = task.TaskId,
        Status = task.Status.ToName(),
        Command = task.Command,
        Method = task.Method,
        TaskType = task.TaskType,
        Priority = task.Priority,
        TimeoutSeconds = task.Timeout?.TotalSeconds,
        Capabilities = task.RequiredCapabilities,
        RequestedSlaveId = task.RequestedSlaveId,
        SlaveId = task.SlaveId,
        WorkingDir = task.WorkingDirectory,
        EnvNames = task.EnvironmentNames.Count > 0 ? task.EnvironmentNames : task.Environment?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        QueuedAt = task.QueuedAt,
        StartedAt = task.StartedAt,
        FinishedAt = task.FinishedAt,
        Attempts = task.Attempts,
        ExitCode = task.ExitCode,
        Output = task.Output,
        Error = task.Error,
        OutputTruncated = task.OutputTruncated,
        ErrorTruncated = task.ErrorTruncated,
        MethodUsed = task.MethodUsed,
        DurationMs = task.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        Reason = task.Reason,
        MaxRetries = task.MaxRetries,
        SubmittedBy = task.SubmittedBy,
        PredictedDurationMs = task.PredictedDuration is { } predicted ? (long)predicted.TotalMilliseconds : null,
        Sequence = task.Sequence,
    };

    public static TaskPageResponse ToResponse(D8TaskPage page) => new()
    {
        Tasks = [.. page.Tasks.Select(ToResponse)],
        NextBefore = page.NextBefore,
    };

    public static SlaveResponse ToResponse(SlaveInfo slave) => new()
    {
        Id = slave.Id,
        Host = slave.Host,
        Port = slave.Port,
        Status = StatusName(slave.Status),
        Drained = slave.Drained,
        Https = slave.Https,
        TlsFingerprint = slave.TlsFingerprint,
        Commit = slave.Commit,
        Version = slave.Version,
        VersionMismatch = slave.VersionMismatch,
        RegisteredAt = slave.RegisteredAt,
        LastSeen = slave.LastSeen,
        LastError = slave.LastError,
        Capabilities = [.. slave.Capabilities.Concat(slave.ReportedCapabilities).Distinct(StringComparer.OrdinalIgnoreCase)],
        RunningTasks = slave.RunningTasks,
        MaxConcurrentTasks = slave.MaxConcurrentTasks,
    };

    public static IReadOnlyList<SlaveResponse> ToResponse(IEnumerable<SlaveInfo> slaves) => [.. slaves.Select(ToResponse)];

    public static HumanRequestResponse ToResponse(HumanRequest request) => new()
    {
        RequestId = request.Id,
        RequestType = request.Type.ToWireName(),
        Title = request.Title,
        Description = request.Description,
        EstimatedCost = request.EstimatedCost,
        Priority = request.Priority,
        CreatedAt = request.CreatedAt,
        CreatedBy = request.CreatedBy,
        Status = request.Status.ToWireName(),
        ApprovedAt = request.ApprovedAt,
        CompletedAt = request.CompletedAt,
        ActualCost = request.ActualCost,
        Notes = request.Notes,
        PostponedUntil = request.PostponedUntil,
        Options = request.Options,
        ChosenOption = request.ChosenOption,
        ExpiresAt = request.ExpiresAt,
        History = [.. request.History.Select(entry => new HumanRequestHistoryResponse(entry.At, entry.Actor, entry.Action.ToWireName(), entry.From?.ToWireName(), entry.To.ToWireName(), entry.Note))],
    };

    public static IReadOnlyList<HumanRequestResponse> ToResponse(IEnumerable<HumanRequest> requests) => [.. requests.Select(ToResponse)];

    public static BudgetResponse ToResponse(HumanRequestBudget budget) => BudgetResponses.From(budget);


    /// <summary><c>yyyy-MM</c>.</summary>

    /// <summary>The names of <c>slaves/config.json</c> and the CLI.</summary>
    public static string StatusName(SlaveStatus status) => status switch
    {
        SlaveStatus.Healthy => "healthy",
        SlaveStatus.VersionMismatch => "version_mismatch",
        SlaveStatus.Unhealthy => "unhealthy",
        SlaveStatus.Draining => "draining",
        _ => "unknown",
    };
}
