namespace D8.Dashboard.Internal;

/// <summary>
/// A refusal of the master API with its HTTP status and the message of the <c>{"error": "..."}</c> body. Thrown by the
/// input checks, turned into the answer by <see cref="MasterApiAccess"/>; never carries a stack trace to the client.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; } = 400;

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException NotFound(string message) => new(404, message);
}
