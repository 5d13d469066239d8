using D8.Distributed.Core;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>Source-generated log messages of the master. Event ids 1001–1999 belong to this package.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Slave registry {Path} loaded with {Count} slave(s)")]
    public static partial void RegistryLoaded(ILogger logger, string path, int count);

    [LoggerMessage(1002, LogLevel.Information, "Slave {SlaveId} registered at {Address}")]
    public static partial void SlaveRegistered(ILogger logger, string slaveId, Uri address);

    [LoggerMessage(1003, LogLevel.Information, "Slave {SlaveId} unregistered")]
    public static partial void SlaveUnregistered(ILogger logger, string slaveId);

    [LoggerMessage(1010, LogLevel.Information, "Health monitor started")]
    public static partial void MonitorStarted(ILogger logger);

    [LoggerMessage(1011, LogLevel.Error, "Health sweep failed; the monitor carries on")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    // The one line a failed health check costs: the slave and the reason, never an exception or a stack trace.
    [LoggerMessage(1012, LogLevel.Warning, "Health check of slave {SlaveId} failed: {Error}")]
    public static partial void SlaveCheckFailed(ILogger logger, string slaveId, string error);

    [LoggerMessage(1013, LogLevel.Warning, "Slave {SlaveId}: {Kind} ({Previous} -> {Current})")]
    public static partial void SlaveTransition(ILogger logger, string slaveId, SlaveEventKind kind, SlaveStatus previous, SlaveStatus current);

    [LoggerMessage(1014, LogLevel.Error, "Slave event handler {Handler} failed on {Kind} of slave {SlaveId}")]
    public static partial void EventHandlerFailed(ILogger logger, string handler, SlaveEventKind kind, string slaveId, Exception exception);

    [LoggerMessage(1020, LogLevel.Debug, "Dispatching task {TaskId} to slave {SlaveId} (failover round {Round})")]
    public static partial void Dispatching(ILogger logger, string taskId, string slaveId, int round);

    [LoggerMessage(1021, LogLevel.Information, "Task {TaskId} ran on slave {SlaveId}: success={Success}, exit code {ExitCode}")]
    public static partial void Dispatched(ILogger logger, string taskId, string slaveId, bool success, int? exitCode);

    [LoggerMessage(1022, LogLevel.Warning, "Task {TaskId} failed in transport on slave {SlaveId}; failing over: {Error}")]
    public static partial void TransportFailure(ILogger logger, string taskId, string slaveId, string error);
}
