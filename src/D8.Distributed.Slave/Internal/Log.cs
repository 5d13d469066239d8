using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>Source-generated log messages of the slave.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Capabilities probed: available execution methods {Methods}; python version '{PythonVersion}'")]
    public static partial void CapabilitiesProbed(ILogger logger, string methods, string pythonVersion);

    [LoggerMessage(2, LogLevel.Information, "Execution method {Method} is unavailable: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string method, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Refreshing the capabilities failed; the previous snapshot stays in force")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Rejected an execute request without a valid bearer token from {RemoteAddress}")]
    public static partial void Unauthorized(ILogger logger, string remoteAddress);

    [LoggerMessage(5, LogLevel.Information, "Rejected an execute request: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "Task {TaskId} started ({Method})")]
    public static partial void TaskStarted(ILogger logger, string taskId, string method);

    [LoggerMessage(7, LogLevel.Information, "Task {TaskId} finished ({Method}): exit code {ExitCode}, timed out {TimedOut}, {DurationMs} ms")]
    public static partial void TaskFinished(ILogger logger, string taskId, string method, int? exitCode, bool timedOut, long durationMs);

    [LoggerMessage(8, LogLevel.Information, "Task {TaskId} is already known; the request joins it instead of running it again")]
    public static partial void TaskJoined(ILogger logger, string taskId);

    [LoggerMessage(9, LogLevel.Warning, "Task {TaskId} refused: at capacity ({Running} running, {Queued} queued)")]
    public static partial void AtCapacity(ILogger logger, string taskId, int running, int queued);

    [LoggerMessage(10, LogLevel.Information, "Task {TaskId} refused: the slave is draining")]
    public static partial void RefusedWhileDraining(ILogger logger, string taskId);

    [LoggerMessage(11, LogLevel.Error, "Task {TaskId} failed inside the slave")]
    public static partial void TaskCrashed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Killed the process tree of pid {ProcessId}")]
    public static partial void ProcessTreeKilled(ILogger logger, int processId);

    [LoggerMessage(13, LogLevel.Warning, "Could not kill the process tree of pid {ProcessId}")]
    public static partial void KillFailed(ILogger logger, int processId, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "A killed task's output pipes stayed open (a process left its tree); its output may be incomplete")]
    public static partial void PipesStillOpen(ILogger logger);

    [LoggerMessage(15, LogLevel.Information, "Draining: waiting up to {GraceSeconds} s for {Active} task(s) to finish")]
    public static partial void Draining(ILogger logger, int active, double graceSeconds);

    [LoggerMessage(16, LogLevel.Warning, "Shutdown grace period over: killing {Active} task(s)")]
    public static partial void KillingAfterGrace(ILogger logger, int active);
}
