using Polly;
using Polly.CircuitBreaker;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// A circuit breaker that opens after N <em>consecutive</em> failed attempts (any success resets the count), stays
/// open for the break duration, then lets one trial attempt through (half-open): success closes it, failure opens it
/// again. Polly's own breaker is ratio-based over a sampling window, where one earlier success keeps a dead slave's
/// circuit closed for the whole window; the spec asks for consecutive failures. One instance per slave (the pipeline
/// is selected per authority).
/// </summary>
internal sealed class ConsecutiveFailureCircuitBreaker(
    int threshold,
    TimeSpan breakDuration,
    TimeProvider timeProvider,
    Func<Outcome<HttpResponseMessage>, bool> isFailure)
    : ResilienceStrategy<HttpResponseMessage>
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;
    private bool _trialInFlight;

    /// <summary>Gets the current state, for diagnostics and tests.</summary>
    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is null ? CircuitState.Closed
                    : timeProvider.GetUtcNow() < _openUntil ? CircuitState.Open
                    : CircuitState.HalfOpen;
            }
        }
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        bool isTrial;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (_openUntil is { } until)
            {
                if (now < until || _trialInFlight)
                {
                    var retryAfter = until > now ? until - now : TimeSpan.Zero;
                    return Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException(
                        $"The circuit is open after {_consecutiveFailures} consecutive failures; retry after {retryAfter.TotalSeconds:0.#} s.",
                        retryAfter));
                }

                _trialInFlight = true;
                isTrial = true;
            }
            else
            {
                isTrial = false;
            }
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        var failed = isFailure(outcome);
        lock (_lock)
        {
            if (isTrial)
            {
                _trialInFlight = false;
            }

            if (!failed)
            {
                _consecutiveFailures = 0;
                _openUntil = null;
            }
            else if (++_consecutiveFailures >= threshold || isTrial)
            {
                _openUntil = timeProvider.GetUtcNow() + breakDuration;
            }
        }

        return outcome;
    }
}
