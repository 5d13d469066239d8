using D8.Distributed.Core;
using D8.Telegram.Tests.Support;
using D8.Testing.Leadership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using D8.Testing.Telegram;
using Microsoft.Extensions.Time.Testing;

namespace D8.Telegram.Tests.Internal;

public sealed class TelegramPollingServiceTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;
    private const int PollingFailedEvent = 5002;

    [Fact]
    public async Task Poll_ConflictThenTooManyRequestsThenNetworkFailure_BacksOffBoundedAndRecovers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await TelegramBotHarness.StartAsync(
            timeProvider: time,
            configure: o =>
            {
                o.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
                o.MaxRetryDelay = TimeSpan.FromSeconds(60);
                o.PollingTimeout = TimeSpan.FromSeconds(30);
            },
            arrange: fake => fake.FailNextGetUpdates(
                FakeBotApiFailure.Conflict,
                FakeBotApiFailure.TooManyRequests(1),
                FakeBotApiFailure.NetworkFailure));

        // 409: the first delay. While the fake clock stands still the loop waits: exactly one call so far.
        await WaitForFailureAsync(bot, attempt: 1, "HTTP 409", "00:00:00.1000000");
        Assert.Equal(1, bot.Fake.CountCalls("getUpdates"));
        time.Advance(TimeSpan.FromMilliseconds(100));

        // 429 retry_after 1: waits the second Telegram asked for, longer than the 200 ms back-off.
        await WaitForFailureAsync(bot, attempt: 2, "HTTP 429", "00:00:01");
        Assert.Equal(2, bot.Fake.CountCalls("getUpdates"));
        time.Advance(TimeSpan.FromSeconds(1));

        // Dropped connection: the back-off keeps doubling.
        await WaitForFailureAsync(bot, attempt: 3, "network", "00:00:00.4000000");
        Assert.Equal(3, bot.Fake.CountCalls("getUpdates"));
        var updateId = bot.Fake.EnqueueMessage(Owner, "/ayuda");
        Assert.Equal(3, bot.Fake.CountCalls("getUpdates"));
        time.Advance(TimeSpan.FromMilliseconds(400));

        var help = await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("/solicitudes", StringComparison.Ordinal));
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the next poll after the recovery");
        Assert.NotNull(help);
        Assert.Equal(5, bot.Fake.CountCalls("getUpdates"));
        await bot.Logs.WaitForAsync(r => r.Message.Contains("recovered after 3 failed attempt(s)", StringComparison.Ordinal), "the recovery log");
    }

    [Fact]
    public async Task Poll_Follower_NeverPolls_AndStartsWhenItLeads_AndStopsWhenItLosesTheTerm()
    {
        // Among several masters only the leader polls: Telegram allows one getUpdates poller per bot.
        var leadership = new ControllableLeadership();
        await using var bot = await TelegramBotHarness.StartAsync(
            services: s => s.Replace(ServiceDescriptor.Singleton<ID8Leadership>(leadership)));
        await leadership.WaitForWaitersAsync(1);
        var updateId = bot.Fake.EnqueueMessage(Owner, "/ayuda");

        Assert.Equal(0, bot.Fake.CountCalls("getMe"));
        Assert.Equal(0, bot.Fake.CountCalls("getUpdates"));

        leadership.Grant();
        var help = await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("/solicitudes", StringComparison.Ordinal));
        Assert.NotNull(help);
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the leader's next poll");

        leadership.Revoke();
        await leadership.WaitForWaitersAsync(1);
        var calls = bot.Fake.CountCalls("getUpdates");
        bot.Fake.EnqueueMessage(Owner, "/solicitudes");
        leadership.Grant();
        await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("No hay solicitudes pendientes", StringComparison.Ordinal));
        Assert.True(bot.Fake.CountCalls("getUpdates") > calls);
    }

    [Fact]
    public async Task Poll_HandlerFails_RepliesWithErrorAndGoesOnWithTheNextUpdate()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        await bot.Fake.WaitForCallAsync("getUpdates");
        bot.Fake.FailNextCalls("sendMessage", 1);

        var failed = await bot.SayAsync(Owner, "/ayuda");
        var next = await bot.ReplyToAsync(Owner, "/solicitudes");

        var error = Assert.Single(failed);
        Assert.Contains("Error al procesar el mensaje", error.VisibleText, StringComparison.Ordinal);
        Assert.Contains("No hay solicitudes pendientes", next, StringComparison.Ordinal);
        await bot.Logs.WaitForAsync(r => r.EventId.Id == 5004, "the handler failure in the log");
    }

    [Fact]
    public async Task Poll_SeveralUpdatesInOneBatch_AreHandledOnceInOrder()
    {
        await using var bot = await TelegramBotHarness.StartAsync(arrange: fake =>
        {
            fake.EnqueueMessage(Owner, "/solicitudes");
            fake.EnqueueMessage(Owner, "/ayuda");
            fake.EnqueueMessage(Owner, "/solicitudes todas");
        });

        var last = bot.Fake.LastUpdateId;
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > last, "the three updates to be processed");

        var texts = bot.Fake.Messages.Where(m => m.ChatId == Owner).Select(m => m.VisibleText).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Contains("No hay solicitudes pendientes", texts[0], StringComparison.Ordinal);
        Assert.Contains("Comandos", texts[1], StringComparison.Ordinal);
        Assert.Contains("No hay solicitudes.", texts[2], StringComparison.Ordinal);
    }

    private static Task<LogRecord> WaitForFailureAsync(TelegramBotHarness bot, int attempt, string failure, string delay) =>
        bot.Logs.WaitForAsync(
            r => r.EventId.Id == PollingFailedEvent
                && r.Message.Contains($"attempt {attempt},", StringComparison.Ordinal)
                && r.Message.Contains(failure, StringComparison.Ordinal)
                && r.Message.EndsWith($"retrying in {delay}", StringComparison.Ordinal),
            $"polling failure {attempt} ({failure}) with a delay of {delay}");
}
