using Telegram.Bot.Exceptions;

namespace D8.Telegram.Internal;

/// <summary>How long the polling loop waits after a failure: exponential and bounded, and never shorter than a
/// 429's <c>retry_after</c>, so a constant failure (another poller: 409) can never make it spin.</summary>
internal static class PollingBackoff
{
    public static TimeSpan Delay(int consecutiveFailures, Exception error, TimeSpan initial, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(error);
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var ticks = Math.Min(initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        var delay = TimeSpan.FromTicks((long)ticks);
        if (error is ApiRequestException { Parameters.RetryAfter: { } retryAfter } && TimeSpan.FromSeconds(retryAfter) > delay)
        {
            delay = TimeSpan.FromSeconds(retryAfter);
        }

        return delay;
    }

    /// <summary>A short name of the failure for the log: <c>409</c>, <c>429</c>, <c>network</c>, …</summary>
    public static string Describe(Exception error) => error switch
    {
        ApiRequestException api => $"HTTP {api.ErrorCode}: {api.Message}",
        RequestException request => $"network: {request.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
