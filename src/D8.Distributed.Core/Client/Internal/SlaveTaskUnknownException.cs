using System.Net;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// A resume-only execute (<see cref="Contracts.ExecuteRequest.ResumeOnly"/>) found that the slave does not know the
/// task: it never saw it, forgot it (restarted, result expired), or is an old slave that cannot tell. Nothing ran. The
/// caller re-joining after a master restart marks the task <c>lost</c> (and re-runs it elsewhere only if it was queued
/// as retryable).
/// </summary>
/// <remarks>
/// A <see cref="SlaveRequestException"/> (status 404) rather than a result, so code that only knows the base type still
/// treats it as a refusal: never retried, never failed over to another slave, which would run the task a second time.
/// </remarks>
internal sealed class SlaveTaskUnknownException : SlaveRequestException
{
    public SlaveTaskUnknownException(string slaveId, string taskId, string message)
        : base(slaveId, HttpStatusCode.NotFound, message)
    {
        TaskId = taskId;
    }

    /// <summary>Gets the task id the slave does not know.</summary>
    public string TaskId { get; }
}
