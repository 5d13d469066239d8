using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>Source-generated log messages of the slave; event ids 2001-2999 (the slave's range).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Capabilities probed: available execution methods {Methods}; python version '{PythonVersion}'")]
    public static partial void CapabilitiesProbed(ILogger logger, string methods, string pythonVersion);

    [LoggerMessage(2002, LogLevel.Information, "Execution method {Method} is unavailable: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string method, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Refreshing the capabilities failed; the previous snapshot stays in force")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "Rejected {Method} {Path} without a valid bearer token from {RemoteAddress}")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string remoteAddress);

    [LoggerMessage(2005, LogLevel.Information, "Rejected an execute request: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Task {TaskId} started ({Method})")]
    public static partial void TaskStarted(ILogger logger, string taskId, string method);

    [LoggerMessage(2007, LogLevel.Information, "Task {TaskId} finished ({Method}): exit code {ExitCode}, timed out {TimedOut}, {DurationMs} ms")]
    public static partial void TaskFinished(ILogger logger, string taskId, string method, int? exitCode, bool timedOut, long durationMs);

    [LoggerMessage(2008, LogLevel.Information, "Task {TaskId} is already known; the request joins it instead of running it again")]
    public static partial void TaskJoined(ILogger logger, string taskId);

    [LoggerMessage(2009, LogLevel.Warning, "Task {TaskId} refused: at capacity ({Running} running, {Queued} queued)")]
    public static partial void AtCapacity(ILogger logger, string taskId, int running, int queued);

    [LoggerMessage(2010, LogLevel.Information, "Task {TaskId} refused: the slave is draining")]
    public static partial void RefusedWhileDraining(ILogger logger, string taskId);

    [LoggerMessage(2011, LogLevel.Error, "Task {TaskId} failed inside the slave")]
    public static partial void TaskCrashed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(2012, LogLevel.Information, "Killed the process tree of pid {ProcessId}")]
    public static partial void ProcessTreeKilled(ILogger logger, int processId);

    [LoggerMessage(2013, LogLevel.Warning, "Could not kill the process tree of pid {ProcessId}")]
    public static partial void KillFailed(ILogger logger, int processId, Exception exception);

    [LoggerMessage(2014, LogLevel.Warning, "A killed task's output pipes stayed open (a process left its tree); its output may be incomplete")]
    public static partial void PipesStillOpen(ILogger logger);

    [LoggerMessage(2015, LogLevel.Information, "Draining: waiting up to {GraceSeconds} s for {Active} task(s) to finish")]
    public static partial void Draining(ILogger logger, int active, double graceSeconds);

    [LoggerMessage(2016, LogLevel.Warning, "Shutdown grace period over: killing {Active} task(s)")]
    public static partial void KillingAfterGrace(ILogger logger, int active);

    [LoggerMessage(2017, LogLevel.Information, "Task {TaskId}: cancel requested")]
    public static partial void TaskCancelRequested(ILogger logger, string taskId);

    [LoggerMessage(2018, LogLevel.Information, "Task {TaskId} cancelled (it had started and its process tree was killed: {Started})")]
    public static partial void TaskCancelled(ILogger logger, string taskId, bool started);

    [LoggerMessage(2019, LogLevel.Information, "Task {TaskId} is unknown to this slave; the {Request} request did nothing")]
    public static partial void UnknownTask(ILogger logger, string taskId, string request);

    [LoggerMessage(2020, LogLevel.Information, "Rejected a malformed request {Method} {Path}: {StatusCode} {Reason}")]
    public static partial void BadRequest(ILogger logger, string method, string path, int statusCode, string reason);

    [LoggerMessage(2021, LogLevel.Information, "HTTPS certificate {Source}: SHA-256 fingerprint {Fingerprint}")]
    public static partial void HttpsCertificate(ILogger logger, string source, string fingerprint);

    [LoggerMessage(2022, LogLevel.Information, "Generated a self-signed HTTPS certificate at {Path} (kept and reused on restart)")]
    public static partial void CertificateGenerated(ILogger logger, string path);

    // 2101-2119: the docker method's containers and the resolved interpreters (a block of their own, so that work on
    // other parts of the slave in parallel does not collide with these ids).
    [LoggerMessage(2101, LogLevel.Warning, "Cleaning up after killing {FileName} failed")]
    public static partial void AfterKillFailed(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(2102, LogLevel.Information, "Container {Container} killed and removed (docker kill: {Kill}) in {ElapsedMs} ms")]
    public static partial void ContainerStopped(ILogger logger, string container, string kill, long elapsedMs);

    [LoggerMessage(2106, LogLevel.Information, "Container {Container} appeared after its docker client was killed (the engine finished creating it late) and was removed")]
    public static partial void LateContainerRemoved(ILogger logger, string container);

    [LoggerMessage(2103, LogLevel.Warning, "Container {Container} may still exist: docker kill: {Kill}; docker rm -f: {Remove} ({ElapsedMs} ms)")]
    public static partial void ContainerNotRemoved(ILogger logger, string container, string kill, string remove, long elapsedMs);

    [LoggerMessage(2104, LogLevel.Information, "Execution method {Method}: {Configured} resolves to the interpreter {Interpreter}, which tasks run")]
    public static partial void InterpreterResolved(ILogger logger, string method, string configured, string interpreter);

    [LoggerMessage(2105, LogLevel.Warning, "Execution method {Method}: the resolved interpreter {Interpreter} is gone; tasks run {Configured} until the next probe resolves it again")]
    public static partial void ResolvedInterpreterGone(ILogger logger, string method, string interpreter, string configured);
}
