using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>Source-generated log messages of the dashboard. Event ids 4001–4999 belong to this package.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Warning, "D8 dashboard: no D8:Dashboard:Password is set, so it listens on 127.0.0.1 only and refuses every request that does not come from this machine. Set a password to reach it from the network.")]
    public static partial void NoPassword(ILogger logger);

    [LoggerMessage(4002, LogLevel.Information, "D8 dashboard: password sign-in enabled, listening on {Address}:{Port}")]
    public static partial void Listening(ILogger logger, string address, int port);

    [LoggerMessage(4003, LogLevel.Warning, "D8 dashboard: failed sign-in from {RemoteAddress}")]
    public static partial void FailedSignIn(ILogger logger, string remoteAddress);

    [LoggerMessage(4004, LogLevel.Information, "D8 dashboard: signed in from {RemoteAddress}")]
    public static partial void SignedIn(ILogger logger, string remoteAddress);

    [LoggerMessage(4005, LogLevel.Warning, "D8 dashboard: refused {RemoteAddress}: without a password only loopback clients are answered")]
    public static partial void RefusedRemote(ILogger logger, string remoteAddress);

    [LoggerMessage(4006, LogLevel.Warning, "D8 dashboard: refused a {Method} to {Path} without a valid anti-forgery token")]
    public static partial void AntiforgeryRefused(ILogger logger, string method, string path);

    [LoggerMessage(4007, LogLevel.Information, "D8 dashboard: {Action} {RequestId}")]
    public static partial void Decided(ILogger logger, string action, string requestId);

    [LoggerMessage(4008, LogLevel.Information, "D8 dashboard: cancelled task {TaskId}")]
    public static partial void TaskCancelled(ILogger logger, string taskId);

    [LoggerMessage(4009, LogLevel.Information, "D8 dashboard: no D8:Dashboard:Password is set, so its pages answer only this machine; the port listens on {Address}:{Port} for the master API, which D8:Master:ApiToken protects")]
    public static partial void PagesLocalApiPublic(ILogger logger, string address, int port);

    [LoggerMessage(4010, LogLevel.Warning, "D8 master API: refused {RemoteAddress}: without D8:Master:ApiToken only loopback clients are answered")]
    public static partial void ApiRefusedRemote(ILogger logger, string remoteAddress);

    [LoggerMessage(4011, LogLevel.Warning, "D8 master API: refused {Method} {Path} from {RemoteAddress}: missing or wrong bearer token")]
    public static partial void ApiUnauthorized(ILogger logger, string remoteAddress, string method, string path);

    [LoggerMessage(4012, LogLevel.Information, "D8 master API: slave {SlaveId} drained by the operator (no new tasks)")]
    public static partial void SlaveDrained(ILogger logger, string slaveId);

    [LoggerMessage(4013, LogLevel.Information, "D8 master API: slave {SlaveId} undrained by the operator")]
    public static partial void SlaveUndrained(ILogger logger, string slaveId);

    [LoggerMessage(4014, LogLevel.Error, "D8 master API: {Method} {Path} failed")]
    public static partial void ApiFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(4015, LogLevel.Warning, "D8 master API: {Method} {Path} answered 503, a store cannot be used: {Message}")]
    public static partial void ApiStoreUnavailable(ILogger logger, string method, string path, string message);

    [LoggerMessage(4016, LogLevel.Information, "D8 dashboard: signed out from {RemoteAddress}; every earlier sign-in cookie is now refused")]
    public static partial void SignedOut(ILogger logger, string remoteAddress);

    [LoggerMessage(4017, LogLevel.Warning, "D8 master API: refused {Method} {Path} from {RemoteAddress}: the query string carries a token parameter '{Parameter}' (tokens go in the Authorization header only)")]
    public static partial void ApiTokenInQuery(ILogger logger, string method, string path, string remoteAddress, string parameter);
}
