using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing;
using D8.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Telegram.Tests.Internal;

/// <summary>
/// SPEC §7, last bullet: the bot keeps the ids of the messages it sent with the request, and a decision taken anywhere
/// (library, CLI in another process, another chat, after a restart) edits them: the decision shown, no buttons left.
/// </summary>
public sealed class TelegramMessageEditTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;
    private const long Second = TelegramBotHarness.SecondChat;

    [Theory]
    [InlineData("approve", "Aprobada por cli", "📝 Nota: adelante")]
    [InlineData("reject", "Rechazada por cli", "📝 Nota: muy caro")]
    [InlineData("postpone", "Pospuesta por cli hasta", "📝 Nota: el lunes")]
    [InlineData("cancel", "Cancelada por cli", "📝 Nota: ya no hace falta")]
    public async Task DecisionThroughTheLibrary_EditsTheMessageInBothChats_NoButtonsLeft(string action, string footer, string note)
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var sent = await NotifyBothAsync(bot);
        var request = await bot.Manager.GetAsync("req-0001");

        var text = note["📝 Nota: ".Length..];
        _ = action switch
        {
            "approve" => await bot.Manager.ApproveAsync("req-0001", "cli", text),
            "reject" => await bot.Manager.RejectAsync("req-0001", "cli", text),
            "postpone" => await bot.Manager.PostponeAsync("req-0001", TimeSpan.FromHours(2), "cli", text),
            _ => await bot.Manager.CancelAsync("req-0001", "cli", text),
        };

        await WaitEditedAsync(bot, sent, footer);
        Assert.Equal(
            sent.Select(m => ("telegram", m.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order(),
            request.SentMessages.Select(m => (m.Channel, m.ChatId, m.MessageId)).Order());
        foreach (var message in Current(bot, sent))
        {
            Assert.Empty(message.Buttons);
            Assert.Null(message.ReplyMarkup);
            Assert.Contains("Comprar dominio nichoejemplo.com", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains(note, message.VisibleText, StringComparison.Ordinal);
            Assert.Equal(1, message.EditCount);
        }

        await bot.WaitForNotificationsAsync();
        Assert.Equal(HumanRequestNotificationKind.Decided, (await bot.Manager.GetAsync("req-0001")).Notification!.Kind);
    }

    [Fact]
    public async Task CompleteAfterApproval_EditsAgainToCompleted()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var sent = await NotifyBothAsync(bot);
        await bot.Manager.ApproveAsync("req-0001", "cli");
        await WaitEditedAsync(bot, sent, "Aprobada por cli");

        await bot.Manager.CompleteAsync("req-0001", 11.5m, "cli", "Comprado en Namecheap");

        await WaitEditedAsync(bot, sent, "Completada por cli");
        Assert.All(Current(bot, sent), m => Assert.Equal(2, m.EditCount));
    }

    [Fact]
    public async Task ButtonPressedInOneChat_TheOtherChatsMessageIsEditedToo_ShowingTheSameName()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var sent = await NotifyBothAsync(bot);
        var pressed = sent.Single(m => m.ChatId == Owner);

        await bot.PressAsync(Owner, pressed.MessageId, "reject:req-0001");

        await WaitEditedAsync(bot, sent, "Rechazada por Leo (@leo)");
        await bot.WaitForNotificationsAsync();
        var messages = Current(bot, sent);
        Assert.All(messages, m => Assert.Empty(m.Buttons));
        Assert.Equal(messages[0].Text, messages[1].Text);

        // The press edited its message at once; the outbox's edit of it changed nothing ("not modified" is success).
        Assert.All(messages, m => Assert.Equal(1, m.EditCount));
        Assert.True((await bot.Manager.GetAsync("req-0001")).Notification!.Notified);
    }

    [Fact]
    public async Task CancelFromAnotherProcess_EditsTheMessageWithinThePollInterval()
    {
        var pollInterval = TimeSpan.FromSeconds(1);
        await using var bot = await TelegramBotHarness.StartAsync(configureRequests: o => o.PollInterval = pollInterval);
        var sent = await NotifyBothAsync(bot);

        // What the CLI does: its own manager on the same requests.json, no background service of its own.
        var services = new ServiceCollection().AddD8HumanRequests(o => o.DataDirectory = bot.DataDirectory);
        await using (var cli = services.BuildServiceProvider())
        {
            await cli.GetRequiredService<IHumanRequestManager>().CancelAsync("req-0001", "cli", "ya no hace falta");
        }

        await WaitEditedAsync(bot, sent, "Cancelada por cli", pollInterval + TimeSpan.FromSeconds(10));
        Assert.All(Current(bot, sent), m => Assert.Contains("ya no hace falta", m.VisibleText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecisionAfterARestart_EditsTheMessagesSentBeforeIt()
    {
        await using var fake = await FakeTelegramBotApi.StartAsync();
        using var data = new TempDirectory("d8-telegram-restart");
        IReadOnlyList<FakeChatMessage> sent;
        await using (var first = await TelegramBotHarness.StartAsync(sharedFake: fake, sharedDataDirectory: data.Path))
        {
            sent = await NotifyBothAsync(first);
        }

        await using var second = await TelegramBotHarness.StartAsync(sharedFake: fake, sharedDataDirectory: data.Path);
        await second.Manager.ApproveAsync("req-0001", "dashboard");

        await WaitEditedAsync(second, sent, "Aprobada por dashboard");
        Assert.All(Current(second, sent), m => Assert.Contains("/completar req-0001", m.VisibleText, StringComparison.Ordinal));
        Assert.Equal(2, fake.Messages.Count);
    }

    [Fact]
    public async Task EditFailsWhileTelegramIsDown_IsRetriedUntilTheMessagesShowTheDecision()
    {
        await using var bot = await TelegramBotHarness.StartAsync(configureRequests: o => o.NotificationRetryInitialDelay = TimeSpan.FromMilliseconds(50));
        var sent = await NotifyBothAsync(bot);
        bot.Fake.FailNextCalls("editMessageText", 3);

        await bot.Manager.RejectAsync("req-0001", "cli");

        await WaitEditedAsync(bot, sent, "Rechazada por cli");
        await bot.WaitForNotificationsAsync();
        Assert.True((await bot.Manager.GetAsync("req-0001")).Notification!.Attempts >= 1);
        Assert.True(bot.Fake.CountCalls("editMessageText") >= 5, "three failed edits, then one per chat");
    }

    [Fact]
    public async Task ApprovalReachingABudgetAlert_EditsTheMessagesAndSendsTheAlert()
    {
        await using var bot = await TelegramBotHarness.StartAsync(configureRequests: o => o.Budgets.ByType[HumanRequestType.Payment] = 15m);
        var sent = await NotifyBothAsync(bot);

        await bot.Manager.ApproveAsync("req-0001", "cli");

        await WaitEditedAsync(bot, sent, "Aprobada por cli");
        foreach (var chat in new[] { Owner, Second })
        {
            var alert = await bot.Fake.WaitForMessageAsync(chat, m => m.VisibleText.Contains("Presupuesto al 80 %", StringComparison.Ordinal));
            Assert.Contains("req-0001", alert.VisibleText, StringComparison.Ordinal);
            Assert.Empty(alert.Buttons);
        }

        await bot.WaitForNotificationsAsync();
        Assert.Equal(4, bot.Fake.Messages.Count);
        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(2, request.SentMessages.Count); // the alerts have no buttons: nothing to edit later
        Assert.Equal(80, Assert.Single(request.BudgetAlerts).Percent);
    }

    [Fact]
    public async Task RequestDecidedBeforeItsNotificationWasSent_IsNeverSentWithButtons()
    {
        await using var bot = await TelegramBotHarness.StartAsync(arrange: fake => fake.FailNextCalls("sendMessage", 2), configureRequests: o => o.NotificationRetryInitialDelay = TimeSpan.FromSeconds(2));
        await bot.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(async () => (await bot.Manager.GetAsync("req-0001")).Notification!.Attempts == 1, "the first delivery to fail");

        await bot.Manager.RejectAsync("req-0001", "cli");

        await bot.WaitForNotificationsAsync();
        Assert.DoesNotContain(bot.Fake.Messages, m => m.Buttons.Count > 0);
        Assert.Empty((await bot.Manager.GetAsync("req-0001")).SentMessages);
    }

    [Fact]
    public async Task RecordedMessageTelegramCannotEdit_IsLoggedAndLeft_TheOthersAreEditedAndNothingIsRetried()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var sent = await NotifyBothAsync(bot);
        // A message someone deleted: Telegram answers 400 "message to edit not found" for good.
        await bot.Services.GetRequiredService<IHumanRequestSentMessages>().RecordAsync("req-0001", new HumanRequestSentMessage("telegram", "111111", "9999", DateTimeOffset.UtcNow));

        await bot.Manager.ApproveAsync("req-0001", "cli");

        await WaitEditedAsync(bot, sent, "Aprobada por cli");
        await bot.WaitForNotificationsAsync();
        await bot.Logs.WaitForAsync(r => r.Message.Contains("message 9999 in chat 111111 for req-0001 cannot be edited", StringComparison.Ordinal), "the refused edit in the log");
        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal((0, true), (request.Notification!.Attempts, request.Notification.Notified));
        Assert.Equal(3, bot.Fake.CountCalls("editMessageText"));
    }

    private static async Task<IReadOnlyList<FakeChatMessage>> NotifyBothAsync(TelegramBotHarness bot)
    {
        await bot.Manager.CreateAsync(Requests.Domain());
        await bot.Fake.WaitUntilAsync(f => f.Messages.Count(m => m.Buttons.Count == 3) == 2, "the notification in both chats");

        // Recorded right after each send: wait for both records, then for the outbox to settle.
        await Poll.UntilAsync(async () => (await bot.Manager.GetAsync("req-0001")).SentMessages.Count == 2, "both message ids recorded with the request");
        await bot.WaitForNotificationsAsync();
        return [.. bot.Fake.Messages.Where(m => m.Buttons.Count == 3)];
    }

    private static List<FakeChatMessage> Current(TelegramBotHarness bot, IReadOnlyList<FakeChatMessage> sent) =>
        [.. sent.Select(s => bot.Fake.Messages.Single(m => m.ChatId == s.ChatId && m.MessageId == s.MessageId))];

    private static Task WaitEditedAsync(TelegramBotHarness bot, IReadOnlyList<FakeChatMessage> sent, string footer, TimeSpan? timeout = null) =>
        bot.Fake.WaitUntilAsync(
            _ => Current(bot, sent).All(m => m.Buttons.Count == 0 && m.VisibleText.Contains(footer, StringComparison.Ordinal)),
            $"both messages edited to show '{footer}' without buttons",
            timeout);
}
