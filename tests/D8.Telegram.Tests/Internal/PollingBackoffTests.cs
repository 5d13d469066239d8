using D8.Telegram.Internal;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace D8.Telegram.Tests.Internal;

public sealed class PollingBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void Delay_ConstantConflict_DoublesUpToTheMaximumAndNeverZero()
    {
        var conflict = new ApiRequestException("Conflict", 409);

        var delays = Enumerable.Range(1, 40).Select(n => PollingBackoff.Delay(n, conflict, Initial, Max)).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], delays.Take(8).Select(d => d.TotalSeconds));
        Assert.All(delays, d => Assert.InRange(d, Initial, Max));
    }

    [Fact]
    public void Delay_TooManyRequests_WaitsAtLeastRetryAfter()
    {
        var tooMany = new ApiRequestException("Too Many Requests", 429, new ResponseParameters { RetryAfter = 300 });

        Assert.Equal(TimeSpan.FromSeconds(300), PollingBackoff.Delay(1, tooMany, Initial, Max));
        Assert.Equal(TimeSpan.FromSeconds(4), PollingBackoff.Delay(3, new ApiRequestException("x", 429, new ResponseParameters { RetryAfter = 1 }), Initial, Max));
    }
}
