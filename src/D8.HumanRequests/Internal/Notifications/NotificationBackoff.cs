namespace D8.HumanRequests.Internal;

/// <summary>The retry delay of the outboxes (request notifications and owner alerts): one rule for both.</summary>
internal static class NotificationBackoff
{
    /// <summary>initial × 2^(attempts−1), capped at the maximum.</summary>
    public static TimeSpan Delay(D8HumanRequestsOptions options, int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var ticks = Math.Min(options.NotificationRetryInitialDelay.Ticks * factor, options.NotificationRetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
