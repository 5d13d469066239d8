using System.Net;
using D8.Distributed.Core.Internal;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;

namespace D8.Distributed.Core.Tests.Client;

public sealed class ConsecutiveFailureCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConsecutiveFailureCircuitBreaker _breaker;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ConsecutiveFailureCircuitBreakerTests()
    {
        _breaker = new ConsecutiveFailureCircuitBreaker(5, TimeSpan.FromSeconds(60), _time, outcome => outcome.Result?.IsSuccessStatusCode != true);
        var breaker = _breaker;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddStrategy(_ => breaker).Build();
    }

    [Fact]
    public async Task Execute_FiveConsecutiveFailures_Opens_EvenAfterEarlierSuccesses()
    {
        await CallAsync(HttpStatusCode.OK);
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(HttpStatusCode.InternalServerError);
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
        await CallAsync(HttpStatusCode.InternalServerError);

        Assert.Equal(CircuitState.Open, _breaker.State);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => CallAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Execute_SuccessBetweenFailures_ResetsTheCount()
    {
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(HttpStatusCode.InternalServerError);
        }

        await CallAsync(HttpStatusCode.OK);
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(HttpStatusCode.InternalServerError);
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task Execute_AfterTheBreak_OneTrialClosesOnSuccessOrReopensOnFailure()
    {
        for (var i = 0; i < 5; i++)
        {
            await CallAsync(HttpStatusCode.InternalServerError);
        }

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        await CallAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(CircuitState.Open, _breaker.State);

        _time.Advance(TimeSpan.FromSeconds(59));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => CallAsync(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromSeconds(1));
        await CallAsync(HttpStatusCode.OK);
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    private async Task CallAsync(HttpStatusCode status)
    {
        using var response = await _pipeline.ExecuteAsync(_ => ValueTask.FromResult(new HttpResponseMessage(status)));
    }
}
