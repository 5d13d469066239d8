using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.Core;

/// <summary>Retry, timeout and circuit-breaker settings of the slave HTTP client.</summary>
public sealed class D8ResilienceOptions
{
    /// <summary>Gets or sets how many times a failed retryable request is retried (2 retries = 3 attempts).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>
    /// Gets or sets the first retry delay; it doubles for each further retry (1 s, 2 s by default), with jitter when
    /// <see cref="UseJitter"/> is set. Zero retries at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets whether retry delays are randomised so that many masters do not retry in step.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets the time limit of one attempt of a health or version request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets what is added to a task's own timeout to get the time limit of one execute attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExecuteTimeoutMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many consecutive failed attempts on one slave open its circuit breaker.</summary>
    [Range(2, 1000)]
    public int CircuitBreakerFailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets how long an open circuit stays open before one trial request (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(60);
}
