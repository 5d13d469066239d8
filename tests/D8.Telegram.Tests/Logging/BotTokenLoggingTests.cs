using D8.Telegram.Tests.Support;
using D8.Testing.Slaves;
using D8.Testing.Telegram;
using Microsoft.Extensions.Logging;

namespace D8.Telegram.Tests.Logging;

/// <summary>
/// The bot token is in the URL of every Bot API call (<c>/bot&lt;token&gt;/method</c>); nothing may log it, at any
/// level, in any category: not in a message, an exception, a structured value or a scope.
/// </summary>
public sealed class BotTokenLoggingTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    private static readonly string Token = FakeTelegramBotApi.DefaultToken;

    /// <summary>What would betray the token: itself, its secret half, the URL form, and the URL-escaped form.</summary>
    private static readonly string[] Secrets =
    [
        Token,
        Token[(Token.IndexOf(':', StringComparison.Ordinal) + 1)..],
        "bot" + Token,
        Uri.EscapeDataString(Token),
    ];

    [Fact]
    public async Task EveryLogRecord_PollingCommandNotificationAndFailingCallsAtTrace_NeverContainsTheToken()
    {
        await using var bot = await TelegramBotHarness.StartAsync(
            minimumLevel: LogLevel.Trace,
            configure: o => o.InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            arrange: fake => fake.FailNextGetUpdates(FakeBotApiFailure.TooManyRequests(0), FakeBotApiFailure.NetworkFailure));

        // Polling: two failed polls (429, dropped connection); the next one gets a command, and the bot replies.
        await bot.Logs.WaitForAsync(r => r.Message.Contains("attempt 2,", StringComparison.Ordinal), "the second failed poll");
        Assert.Contains("/solicitudes", await bot.ReplyToAsync(Owner, "/ayuda"), StringComparison.Ordinal);
        await bot.Logs.WaitForAsync(r => r.Message.Contains("recovered after 2 failed attempt(s)", StringComparison.Ordinal), "the polling recovery");

        // A notification of a new request.
        await bot.Manager.CreateAsync(Requests.Domain());
        await bot.WaitForNotificationsAsync();

        // A reply the Bot API refuses with 500: the handler fails and logs it.
        bot.Fake.FailNextCalls("sendMessage", 1);
        await bot.SayAsync(Owner, "/solicitudes");
        await bot.Logs.WaitForAsync(r => r.Level == LogLevel.Error && r.Exception is not null, "the failed reply in the log");

        var records = bot.Logs.Records;
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Exception is not null && r.Message.Contains("HTTP 429", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Exception is not null && r.Message.Contains("network", StringComparison.Ordinal));
        Assert.True(bot.Fake.CountCalls("sendMessage") >= 4, "the bot really called the Bot API with its token");
        AssertNoSecret(records);
    }

    [Fact]
    public async Task EveryLogRecord_UnreachableBotApiAtTrace_NeverContainsTheToken()
    {
        var refusing = new Uri($"http://127.0.0.1:{DeadEndpoints.RefusingPort()}");
        await using var bot = await TelegramBotHarness.StartAsync(
            minimumLevel: LogLevel.Trace,
            configure: o =>
            {
                o.ApiBaseUrl = refusing;
                o.InitialRetryDelay = TimeSpan.FromMilliseconds(10);
            },
            configureRequests: o => o.NotificationRetryInitialDelay = TimeSpan.FromMilliseconds(10));

        // The poll cannot connect, and neither can the notification of a new request.
        await bot.Logs.WaitForAsync(r => r.Message.Contains("attempt 2,", StringComparison.Ordinal) && r.Exception is not null, "two failed polls");
        await bot.Manager.CreateAsync(Requests.Domain());
        await bot.Logs.WaitForAsync(r => r.Message.Contains("req-0001 failed", StringComparison.Ordinal) && r.Exception is not null, "a failed notification");

        AssertNoSecret(bot.Logs.Records);
    }

    private static void AssertNoSecret(IReadOnlyList<LogRecord> records)
    {
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            foreach (var text in record.AllTexts())
            {
                foreach (var secret in Secrets)
                {
                    Assert.False(
                        text.Contains(secret, StringComparison.OrdinalIgnoreCase),
                        $"The bot token is in a {record.Level} record of {record.Category} (event {record.EventId.Id}): {text}");
                }
            }
        }
    }
}
