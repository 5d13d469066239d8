using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing.Telegram;

namespace D8.Telegram.Tests.Internal;

/// <summary>Pressing Aprobar / Rechazar / Posponer on the notification.</summary>
public sealed class TelegramCallbackHandlerTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    [Theory]
    [InlineData("approve:req-0001", HumanRequestStatus.Approved, "Aprobada por Leo (@leo)")]
    [InlineData("reject:req-0001", HumanRequestStatus.Rejected, "Rechazada por Leo (@leo)")]
    [InlineData("postpone:req-0001", HumanRequestStatus.Postponed, "Pospuesta por Leo (@leo) hasta")]
    public async Task Press_DecisionButton_AppliesAnswersAndEditsWithoutButtons(string data, HumanRequestStatus expected, string footer)
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var notification = await NotifyAsync(bot);
        var before = DateTimeOffset.UtcNow;

        var queryId = await bot.PressAsync(Owner, notification.MessageId, data);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(expected, request.Status);
        Assert.Equal($"telegram:{Owner}", request.History[^1].Actor);
        Assert.Contains(queryId, bot.Fake.AnsweredCallbackQueries);
        var edited = bot.Fake.Messages.Single(m => m.ChatId == Owner && m.MessageId == notification.MessageId);
        Assert.Equal(1, edited.EditCount);
        Assert.Empty(edited.Buttons);
        Assert.Contains(footer, edited.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Comprar dominio nichoejemplo.com", edited.VisibleText, StringComparison.Ordinal);
        if (expected == HumanRequestStatus.Postponed)
        {
            Assert.InRange(request.PostponedUntil!.Value, before.AddDays(1).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(1).AddSeconds(1));
        }
    }

    [Fact]
    public async Task Press_OnRequestDecidedElsewhere_AnswersWhyAndRefreshesMessage_StoreUnchanged()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var notification = await NotifyAsync(bot);
        await bot.Manager.RejectAsync("req-0001", "cli", "no");
        await bot.WaitForNotificationsAsync(); // the rejection's Decided notification (the message edit) is out
        var stored = await bot.ReadStoreAsync();

        var queryId = await bot.PressAsync(Owner, notification.MessageId, "approve:req-0001");

        var answer = bot.Fake.Calls.Single(c => c.Method == "answerCallbackQuery" && c.Get("callback_query_id") == queryId);
        Assert.Contains("req-0001 ya está rechazada", answer.Get("text"), StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
        var edited = bot.Fake.Messages.Single(m => m.ChatId == Owner && m.MessageId == notification.MessageId);
        Assert.Empty(edited.Buttons);
        Assert.Contains("Rechazada por cli", edited.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Press_FromUnauthorisedChat_IsRefusedAndAnswered_StoreUnchanged()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        await NotifyAsync(bot);
        var stored = await bot.ReadStoreAsync();

        var queryId = await bot.PressAsync(TelegramBotHarness.StrangerChat, 1, "approve:req-0001");

        var answer = bot.Fake.Calls.Single(c => c.Method == "answerCallbackQuery" && c.Get("callback_query_id") == queryId);
        Assert.Contains("No estás autorizado", answer.Get("text"), StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    [Theory]
    [InlineData("approve:req-0404")]
    [InlineData("nonsense")]
    public async Task Press_UnknownRequestOrData_IsStillAnswered(string data)
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var notification = await NotifyAsync(bot);

        var queryId = await bot.PressAsync(Owner, notification.MessageId, data);

        Assert.Contains(queryId, bot.Fake.AnsweredCallbackQueries);
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    [Fact]
    public async Task Press_InEnglish_UsesEnglishTexts()
    {
        await using var bot = await TelegramBotHarness.StartAsync("en");
        var notification = await NotifyAsync(bot);

        Assert.Equal(["✅ Approve", "❌ Reject", "⏰ Postpone"], notification.Buttons.Select(b => b.Text));
        await bot.PressAsync(Owner, notification.MessageId, "approve:req-0001");

        var edited = bot.Fake.Messages.Single(m => m.ChatId == Owner && m.MessageId == notification.MessageId);
        Assert.Contains("Approved by Leo (@leo)", edited.VisibleText, StringComparison.Ordinal);
    }

    private static async Task<FakeChatMessage> NotifyAsync(TelegramBotHarness bot)
    {
        await bot.Manager.CreateAsync(Requests.Domain());
        await D8.Testing.Poll.UntilAsync(
            async () => (await bot.Manager.GetAsync("req-0001")).Notification?.Notified == true,
            "req-0001 to be marked notified in the store");
        return await bot.Fake.WaitForMessageAsync(Owner, m => m.Buttons.Count == 3);
    }
}
