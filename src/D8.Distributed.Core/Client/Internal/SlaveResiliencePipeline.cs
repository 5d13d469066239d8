using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Builds the slave client's pipeline: retry (outermost) → consecutive-failure circuit breaker → per-attempt timeout. The handler selects
/// one pipeline instance per authority (scheme + host + port), so every slave has its own circuit breaker.
/// </summary>
internal static class SlaveResiliencePipeline
{
    public const string Name = "d8-slave";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, D8ResilienceOptions options, TimeProvider timeProvider)
    {
        builder.TimeProvider = timeProvider;

        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = options.UseJitter,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetryAttempts > 0
                && IsRetryable(args.Context)
                && args.Outcome.Exception is not BrokenCircuitException
                && IsTransient(args.Outcome)),
        });

        builder.AddStrategy(_ => new ConsecutiveFailureCircuitBreaker(
            options.CircuitBreakerFailureThreshold,
            options.CircuitBreakerBreakDuration,
            timeProvider,
            IsTransient));

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args =>
            {
                var request = args.Context.GetRequestMessage();
                return ValueTask.FromResult(
                    request is not null && request.Options.TryGetValue(SlaveRequestOptions.AttemptTimeout, out var timeout)
                        ? timeout
                        : options.AttemptTimeout);
            },
        });
    }

    /// <summary>GETs are always safe to retry; POSTs only when they carry a task_id the slave deduplicates.</summary>
    private static bool IsRetryable(ResilienceContext context)
    {
        var request = context.GetRequestMessage();
        if (request is null)
        {
            return false;
        }

        return request.Method == HttpMethod.Get
            || (request.Method == HttpMethod.Post && request.Options.TryGetValue(SlaveRequestOptions.Idempotent, out var idempotent) && idempotent);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is TimeoutRejectedException or BrokenCircuitException
        || HttpClientResiliencePredicates.IsTransient(outcome);
}
