using System.Net;

namespace D8.Distributed.Contracts;

/// <summary>
/// The master API answered with a status other than 2xx. <see cref="Exception.Message"/> is the server's own message
/// (the <c>error</c> of its <c>{"error": "..."}</c> body), which names the problem: print it as it is.
/// </summary>
public sealed class D8MasterApiException : Exception
{
    /// <summary>Initializes a new instance with the status and the server's message.</summary>
    /// <param name="statusCode">The HTTP status the master answered.</param>
    /// <param name="message">The server's error message.</param>
    /// <param name="retryAfter">The wait the master asked for (<c>Retry-After</c>), if any.</param>
    public D8MasterApiException(HttpStatusCode statusCode, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Initializes a new instance.</summary>
    public D8MasterApiException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public D8MasterApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public D8MasterApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the HTTP status the master answered (for example 404 for an unknown id, 409 for a refused change).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets how long the master asked to wait before trying again (<c>Retry-After</c> of a 503), if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
