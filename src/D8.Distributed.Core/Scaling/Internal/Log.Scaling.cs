using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>The auto-scaler's log events (15xx).</summary>
internal static partial class Log
{
    [LoggerMessage(1500, LogLevel.Information, "Auto-scaler running with provisioner {Provisioner} (up to {Max} added slave(s); {Current} added before)")]
    public static partial void ScalerStarted(ILogger logger, string provisioner, int max, int current);

    [LoggerMessage(1501, LogLevel.Information, "Auto-scaler starting slave {SlaveId} with {Provisioner}: {Reason}")]
    public static partial void ScalerStarting(ILogger logger, string slaveId, string provisioner, string reason);

    [LoggerMessage(1502, LogLevel.Information, "Auto-scaler added slave {SlaveId} at {Host}:{Port}")]
    public static partial void ScalerAdded(ILogger logger, string slaveId, string host, int port);

    [LoggerMessage(1503, LogLevel.Information, "Auto-scaler removed slave {SlaveId} ({Why})")]
    public static partial void ScalerRemoved(ILogger logger, string slaveId, string why);

    [LoggerMessage(1504, LogLevel.Warning, "Auto-scaler: slave {SlaveId} did not become healthy in time ({Status}: {Error}); removing it")]
    public static partial void ScalerStartFailed(ILogger logger, string slaveId, string status, string error);

    [LoggerMessage(1505, LogLevel.Information, "Auto-scaler asking to start slave {SlaveId} for about {Cost} {Currency}/h: {Reason}")]
    public static partial void ScalerAsking(ILogger logger, string slaveId, decimal cost, string currency, string reason);

    [LoggerMessage(1506, LogLevel.Information, "Auto-scaler: starting slave {SlaveId} was not approved; nothing started")]
    public static partial void ScalerRefused(ILogger logger, string slaveId);

    [LoggerMessage(1507, LogLevel.Warning, "Auto-scaler: provisioner {Provisioner} costs {Cost} {Currency}/h and no approver is registered, so it starts nothing (d8-master run asks through a payment human request; in your own host use AddD8Master().UseProvisioningApproval(...))")]
    public static partial void ScalerNoApprover(ILogger logger, string provisioner, decimal cost, string currency);

    [LoggerMessage(1508, LogLevel.Error, "Auto-scaler step failed; it carries on")]
    public static partial void ScalerStepFailed(ILogger logger, Exception exception);

    [LoggerMessage(1509, LogLevel.Information, "Docker provisioner started slave {SlaveId}: container {Container} of {Image}, reached at {Host}:{Port}")]
    public static partial void DockerSlaveStarted(ILogger logger, string slaveId, string container, string image, string host, int port);

    [LoggerMessage(1510, LogLevel.Information, "Docker provisioner removed slave {SlaveId} (container {Container})")]
    public static partial void DockerSlaveRemoved(ILogger logger, string slaveId, string container);
}
