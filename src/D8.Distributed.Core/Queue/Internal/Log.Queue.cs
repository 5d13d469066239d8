using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>The task queue's log events (12xx).</summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Information, "Task queue started ({Running} task(s) were running when the master last stopped: rejoining them)")]
    public static partial void QueueStarted(ILogger logger, int running);

    [LoggerMessage(1201, LogLevel.Debug, "Task {TaskId} queued (priority {Priority}, type {TaskType})")]
    public static partial void TaskQueued(ILogger logger, string taskId, int priority, string taskType);

    [LoggerMessage(1202, LogLevel.Debug, "Task {TaskId} assigned to slave {SlaveId} after {WaitMs} ms in the queue")]
    public static partial void TaskAssigned(ILogger logger, string taskId, string slaveId, long waitMs);

    [LoggerMessage(1203, LogLevel.Information, "Task {TaskId} ended {Status} on slave {SlaveId}")]
    public static partial void TaskEnded(ILogger logger, string taskId, string status, string? slaveId);

    [LoggerMessage(1204, LogLevel.Warning, "Task {TaskId} re-queued after a transport failure on slave {SlaveId}: {Error}")]
    public static partial void TaskRequeued(ILogger logger, string taskId, string slaveId, string error);

    [LoggerMessage(1205, LogLevel.Warning, "Task {TaskId} is lost: {Reason}")]
    public static partial void TaskLost(ILogger logger, string taskId, string reason);

    [LoggerMessage(1206, LogLevel.Information, "Task {TaskId} rejoined on slave {SlaveId} after a master restart")]
    public static partial void TaskRejoined(ILogger logger, string taskId, string slaveId);

    [LoggerMessage(1207, LogLevel.Error, "Dispatch pass failed; the queue carries on")]
    public static partial void DispatchPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(1208, LogLevel.Information, "Task {TaskId} cancelled: {Reason}")]
    public static partial void TaskCancelled(ILogger logger, string taskId, string reason);

    [LoggerMessage(1209, LogLevel.Warning, "Slave {SlaveId} could not cancel task {TaskId}: {Error}")]
    public static partial void SlaveCancelFailed(ILogger logger, string taskId, string slaveId, string error);

    [LoggerMessage(1210, LogLevel.Information, "Purged {Count} finished task(s) beyond the retention bounds")]
    public static partial void TasksPurged(ILogger logger, int count);

    [LoggerMessage(1211, LogLevel.Error, "Storing the result of task {TaskId} failed; it stays running and is rejoined at the next start")]
    public static partial void ResultNotStored(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(1212, LogLevel.Warning, "Task {TaskId} re-queued to run again ({Attempts} of at most {MaxRetries} attempts): {Reason}")]
    public static partial void TaskRetried(ILogger logger, string taskId, int attempts, int maxRetries, string reason);

    [LoggerMessage(1213, LogLevel.Information, "Task {TaskId} was cancelled on another master: asking slave {SlaveId} to kill it")]
    public static partial void CancelledElsewhere(ILogger logger, string taskId, string slaveId);

    [LoggerMessage(1214, LogLevel.Debug, "Task {TaskId} cancelled on this follower: the leader asks slave {SlaveId} to kill it")]
    public static partial void CancelLeftToLeader(ILogger logger, string taskId, string slaveId);

    [LoggerMessage(1215, LogLevel.Warning, "A change of task {TaskId} made by another master could not be read ({Error}); its waiters see it at their next look")]
    public static partial void ChangeNotApplied(ILogger logger, string taskId, string error);
}
