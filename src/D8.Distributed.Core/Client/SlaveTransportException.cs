namespace D8.Distributed.Core;

/// <summary>
/// A slave could not be reached or did not answer usefully after the client's retries: connection refused or reset,
/// attempt timeout, a 5xx/408/429 answer, or its circuit breaker is open. A task that failed this way never ran to a
/// result, so the dispatcher may send it (same <c>task_id</c>) to another slave.
/// </summary>
public sealed class SlaveTransportException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SlaveTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public SlaveTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for one slave.</summary>
    /// <param name="slaveId">The slave that failed.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public SlaveTransportException(string slaveId, string message, Exception? innerException)
        : base(message, innerException) => SlaveId = slaveId;

    /// <summary>Initializes a new instance with no message.</summary>
    public SlaveTransportException()
    {
    }

    /// <summary>Gets the id of the slave that failed, when known.</summary>
    public string? SlaveId { get; }
}
