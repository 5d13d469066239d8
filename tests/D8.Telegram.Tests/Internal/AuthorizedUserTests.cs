using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing.Telegram;

namespace D8.Telegram.Tests.Internal;

/// <summary>
/// D8:Telegram:AuthorizedUserIds: in an authorised group chat only the listed users decide (commands and buttons);
/// the refusal names neither the owner nor any id.
/// </summary>
public sealed class AuthorizedUserTests
{
    private const long Group = -100_500;
    private const long OwnerUser = 111_111;
    private const long Member = 333_333;

    [Fact]
    public async Task Press_GroupMemberNotAuthorised_IsRefused_TheOwnerCanDecide()
    {
        await using var bot = await StartAsync();
        var notification = await NotifyAsync(bot);

        var refused = bot.Fake.EnqueueCallbackQuery(Group, notification.MessageId, "approve:req-0001", "Mallory", "mallory", Member);
        await WaitProcessedAsync(bot);

        var answer = bot.Fake.Calls.Single(c => c.Method == "answerCallbackQuery" && c.Get("callback_query_id") == refused);
        Assert.Equal("⛔ No estás autorizado para usar este bot.", answer.Get("text"));
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
        Assert.Contains(bot.Logs.Records, r => r.EventId.Id == 5009);

        bot.Fake.EnqueueCallbackQuery(Group, notification.MessageId, "approve:req-0001", "Leo", "leo", OwnerUser);
        await WaitProcessedAsync(bot);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Approved, request.Status);
        Assert.Equal($"telegram:{OwnerUser}", request.History[^1].Actor);
    }

    [Fact]
    public async Task Command_GroupMemberNotAuthorised_IsRefusedWithoutNamingOwnerOrIds_TheOwnerCanDecide()
    {
        await using var bot = await StartAsync();
        await NotifyAsync(bot);

        var before = bot.Fake.Messages.Count;
        var updateId = bot.Fake.EnqueueMessage(Group, "/aprobar req-0001", "Mallory", "mallory", Member);
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the bot to process the member's command");

        var refusal = Assert.Single(bot.Fake.Messages.Skip(before), m => m.ChatId == Group).VisibleText;
        Assert.Equal("⛔ No estás autorizado para usar este bot.", refusal);
        Assert.DoesNotContain(OwnerUser.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Leo", refusal, StringComparison.Ordinal);
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);

        updateId = bot.Fake.EnqueueMessage(Group, "/aprobar req-0001", "Leo", "leo", OwnerUser);
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the bot to process the owner's command");

        Assert.Equal(HumanRequestStatus.Approved, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    [Fact]
    public async Task Command_GroupMemberNotAuthorised_English_IsRefusedInEnglish()
    {
        await using var bot = await StartAsync("en");

        var before = bot.Fake.Messages.Count;
        var updateId = bot.Fake.EnqueueMessage(Group, "/requests", "Mallory", "mallory", Member);
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the bot to process the member's command");

        Assert.Equal("⛔ You are not authorised to use this bot.", Assert.Single(bot.Fake.Messages.Skip(before), m => m.ChatId == Group).VisibleText);
    }

    [Fact]
    public async Task Press_NoUserIdsConfigured_AnyMemberOfAnAuthorisedChatDecides()
    {
        await using var bot = await TelegramBotHarness.StartAsync(configure: o => o.AuthorizedChatIds.Add(Group));
        var notification = await NotifyAsync(bot);

        bot.Fake.EnqueueCallbackQuery(Group, notification.MessageId, "reject:req-0001", "Mallory", "mallory", Member);
        await WaitProcessedAsync(bot);

        Assert.Equal(HumanRequestStatus.Rejected, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    private static Task<TelegramBotHarness> StartAsync(string language = "es") =>
        TelegramBotHarness.StartAsync(language, configure: o =>
        {
            o.AuthorizedChatIds.Add(Group);
            o.AuthorizedUserIds.Add(OwnerUser);
        });

    private static async Task WaitProcessedAsync(TelegramBotHarness bot)
    {
        var updateId = bot.Fake.LastUpdateId;
        await bot.Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, "the bot to process the press");
    }

    private static async Task<FakeChatMessage> NotifyAsync(TelegramBotHarness bot)
    {
        await bot.Manager.CreateAsync(Requests.Domain());
        await D8.Testing.Poll.UntilAsync(
            async () => (await bot.Manager.GetAsync("req-0001")).Notification?.Notified == true,
            "req-0001 to be marked notified in the store");
        return await bot.Fake.WaitForMessageAsync(Group, m => m.Buttons.Count == 3);
    }
}
