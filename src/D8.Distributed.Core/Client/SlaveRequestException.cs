using System.Net;

namespace D8.Distributed.Core;

/// <summary>
/// A slave answered but refused the request (400, 401, 413, ...): the same request would be refused by any slave, so
/// it is neither retried nor re-dispatched. The message carries the slave's <c>{"error": ...}</c> text.
/// </summary>
/// <remarks>
/// Not sealed: the master derives an internal refinement for a resume-only execute that the slave answers with "unknown
/// task", so every existing <c>catch</c> of this type still treats it as a refusal (no retry, no failover).
/// </remarks>
public class SlaveRequestException : Exception
{
    /// <summary>Initializes a new instance with no message.</summary>
    public SlaveRequestException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SlaveRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public SlaveRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for one slave's answer.</summary>
    /// <param name="slaveId">The slave that refused.</param>
    /// <param name="statusCode">The HTTP status it answered.</param>
    /// <param name="message">What went wrong, including the slave's error text.</param>
    public SlaveRequestException(string slaveId, HttpStatusCode statusCode, string message)
        : base(message)
    {
        SlaveId = slaveId;
        StatusCode = statusCode;
    }

    /// <summary>Gets the id of the slave that refused, when known.</summary>
    public string? SlaveId { get; }

    /// <summary>Gets the HTTP status the slave answered, when known.</summary>
    public HttpStatusCode? StatusCode { get; }
}
