using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Internal;

/// <summary>The HTTP answer to an execute request: a 200 result, or an error status with its message.</summary>
internal sealed record ExecuteOutcome(int StatusCode, ExecuteResponse? Response, string? Error, bool RetryAfter = false)
{
    public static ExecuteOutcome Ok(ExecuteResponse response) => new(200, response, null);

    public static ExecuteOutcome BadRequest(string message) => new(400, null, message);

    public static ExecuteOutcome Busy(string message) => new(503, null, message, RetryAfter: true);
}
