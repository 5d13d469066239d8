using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using D8.Telegram.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace D8.Telegram.Tests.Internal;

/// <summary>The expiry reminder through the real bot client and the fake Bot API: "⏰ Caduca en …" with the
/// decision buttons still live.</summary>
public sealed class TelegramExpiryReminderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoMinuteExpiry_OneMinuteLead_ReminderReachesTheChatWithLiveButtons_ThenExpires()
    {
        var time = new FakeTimeProvider(Start);
        await using var bot = await TelegramBotHarness.StartAsync(timeProvider: time, configureRequests: o => o.ExpiryReminderLeadTime = TimeSpan.FromMinutes(1));
        var request = await bot.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = Start.AddMinutes(2) });
        var ask = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat);
        Assert.Contains("Caduca: 2026-12-01 17:02 UTC", ask.VisibleText, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromMinutes(1));
        var reminder = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat, m => m.VisibleText.Contains("⏰ Caduca en 1 min", StringComparison.Ordinal));
        await bot.Fake.WaitForMessageAsync(TelegramBotHarness.SecondChat, m => m.VisibleText.Contains("⏰ Caduca en 1 min", StringComparison.Ordinal));

        Assert.Contains("Comprar dominio nichoejemplo.com", reminder.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Caduca: 2026-12-01 17:02 UTC", reminder.VisibleText, StringComparison.Ordinal);
        Assert.Equal(["approve:req-0001", "reject:req-0001", "postpone:req-0001"], reminder.Buttons.Select(b => b.CallbackData));

        time.Advance(TimeSpan.FromMinutes(1));
        var expired = await bot.Manager.WaitForDecisionAsync(request.Id, Timeout.InfiniteTimeSpan).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((HumanRequestStatus.Cancelled, "system:expiry", "expired"), (expired.Status, expired.History[^1].Actor, expired.History[^1].Note));
    }

    [Fact]
    public async Task ReminderButton_Approve_ApprovesTheRequest()
    {
        var time = new FakeTimeProvider(Start);
        await using var bot = await TelegramBotHarness.StartAsync(timeProvider: time, configureRequests: o => o.ExpiryReminderLeadTime = TimeSpan.FromMinutes(10));
        var request = await bot.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = Start.AddHours(1) });
        await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat);
        time.Advance(TimeSpan.FromMinutes(50));
        var reminder = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat, m => m.VisibleText.Contains("⏰ Caduca en 10 min", StringComparison.Ordinal));

        await bot.PressAsync(TelegramBotHarness.OwnerChat, reminder.MessageId, "approve:req-0001");

        Assert.Equal(HumanRequestStatus.Approved, (await bot.Manager.GetAsync(request.Id)).Status);
    }

    [Theory]
    [InlineData("es", "⏰ Caduca en 1 h 30 min", "Caduca: 2026-12-01 18:30 UTC")]
    [InlineData("en", "⏰ Expires in 1 h 30 min", "Expires: 2026-12-01 18:30 UTC")]
    public void Formatter_ExpiryReminder_HeaderWithTheTimeLeftAndTheExpiryLine(string language, string header, string line)
    {
        var formatter = new TelegramMessageFormatter(TelegramTexts.For(language));
        var request = new HumanRequest
        {
            Id = "req-0007",
            Type = HumanRequestType.Payment,
            Title = "Dominio",
            CreatedAt = Start,
            CreatedBy = "tests",
            ExpiresAt = Start.AddMinutes(90),
            ExpiryRemindedAt = Start,
        };

        var (html, keyboard) = formatter.Notification(new HumanRequestNotification(HumanRequestNotificationKind.ExpiryReminder, request));

        Assert.Contains(header, html, StringComparison.Ordinal);
        Assert.Contains(line, html, StringComparison.Ordinal);
        Assert.NotNull(keyboard);
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(60, "1 min")]
    [InlineData(59 * 60 + 59, "59 min")]
    [InlineData(3600, "1 h")]
    [InlineData(2 * 86400, "2 d")]
    [InlineData(2 * 86400 + 3 * 3600 + 59, "2 d 3 h")]
    public void TimeLeft_WholeUnitsRoundedDown(int seconds, string expected)
    {
        var request = new HumanRequest
        {
            Id = "req-0001",
            Type = HumanRequestType.Other,
            Title = "x",
            CreatedAt = Start,
            CreatedBy = "tests",
            ExpiresAt = Start.AddSeconds(seconds),
            ExpiryRemindedAt = Start,
        };

        Assert.Equal(expected, TelegramMessageFormatter.TimeLeft(request));
    }
}
