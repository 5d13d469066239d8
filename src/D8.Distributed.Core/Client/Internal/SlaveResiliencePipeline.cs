using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Telemetry;
using Polly.Timeout;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Builds the slave client's pipeline: retry (outermost) → consecutive-failure circuit breaker → per-attempt timeout. The handler selects
/// one pipeline instance per authority (scheme + host + port), so every slave has its own circuit breaker. Its telemetry
/// is quiet: every Polly event of this pipeline is logged at Debug at most (see <see cref="QuietTelemetry"/>).
/// </summary>
internal static class SlaveResiliencePipeline
{
    public const string Name = "d8-slave";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        D8ResilienceOptions options,
        TimeProvider timeProvider,
        TelemetryOptions telemetry)
    {
        builder.TimeProvider = timeProvider;
        builder.ConfigureTelemetry(QuietTelemetry(telemetry));

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

    /// <summary>
    /// The application's telemetry options (logger factory, enrichers, listeners, result formatter: metrics stay as
    /// they are) with every event severity capped at Debug. By default Polly logs each successful attempt at
    /// Information and each failed one at Warning with the exception's stack trace: a few KB per health check of a
    /// dead slave, every 30 s, all day. The health checker logs one Warning line per failed check instead, and the
    /// dispatcher one per transport failure; Polly's own account is there for whoever turns the <c>Polly</c> category
    /// up to Debug.
    /// </summary>
    internal static TelemetryOptions QuietTelemetry(TelemetryOptions application)
    {
        var configured = application.SeverityProvider;
        return new TelemetryOptions(application)
        {
            SeverityProvider = args => AtMostDebug(configured?.Invoke(args) ?? args.Event.Severity),
        };
    }

    private static ResilienceEventSeverity AtMostDebug(ResilienceEventSeverity severity) =>
        severity > ResilienceEventSeverity.Debug ? ResilienceEventSeverity.Debug : severity;

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

    /// <summary>
    /// A failed TLS handshake (a changed certificate, a plain-HTTP server on an HTTPS port) is not transient: retrying
    /// cannot fix it, and counting it would open the circuit breaker, whose message would hide the real one.
    /// </summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
        && (outcome.Exception is TimeoutRejectedException or BrokenCircuitException || HttpClientResiliencePredicates.IsTransient(outcome));
}
