using System.Text;
using D8.HumanRequests;
using D8.Telegram.Tests.Support;

namespace D8.Telegram.Tests.Internal;

public sealed class TelegramHumanRequestNotifierTests
{
    [Fact]
    public async Task CreateAsync_NewRequest_SendsOneMessagePerAuthorisedChatWithThreeButtons()
    {
        await using var bot = await TelegramBotHarness.StartAsync();

        var request = await bot.Manager.CreateAsync(Requests.Domain(title: "Dominio <b>& más"));
        await bot.Fake.WaitUntilAsync(f => f.Messages.Count(m => m.ChatId == TelegramBotHarness.SecondChat) == 1, "the notification in the second chat");
        await bot.Fake.WaitUntilAsync(f => f.Messages.Count(m => m.ChatId == TelegramBotHarness.OwnerChat) == 1, "the notification in the owner's chat");

        Assert.Equal("req-0001", request.Id);
        foreach (var chat in new[] { TelegramBotHarness.OwnerChat, TelegramBotHarness.SecondChat })
        {
            var message = Assert.Single(bot.Fake.Messages, m => m.ChatId == chat);
            Assert.Contains("Dominio <b>& más", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains("Dominio &lt;b&gt;&amp; más", message.Text, StringComparison.Ordinal);
            Assert.Contains("$12.99", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains("🔴 ALTA", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains("req-0001", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains("💳", message.VisibleText, StringComparison.Ordinal);
            Assert.Contains("NicheDiscovery", message.VisibleText, StringComparison.Ordinal);
            Assert.Equal("HTML", message.ParseMode, ignoreCase: true);
            Assert.Collection(
                message.Buttons,
                b => Assert.Equal(("✅ Aprobar", "approve:req-0001"), (b.Text, b.CallbackData)),
                b => Assert.Equal(("❌ Rechazar", "reject:req-0001"), (b.Text, b.CallbackData)),
                b => Assert.Equal(("⏰ Posponer", "postpone:req-0001"), (b.Text, b.CallbackData)));
            Assert.All(message.Buttons, b => Assert.InRange(Encoding.UTF8.GetByteCount(b.CallbackData!), 1, 64));
        }

        Assert.Null(bot.Fake.Messages.FirstOrDefault(m => m.ChatId == TelegramBotHarness.StrangerChat));
    }

    [Fact]
    public async Task CreateAsync_AutoApprovedRequest_SendsInformationWithoutButtons()
    {
        await using var bot = await TelegramBotHarness.StartAsync(configureRequests: options =>
            options.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "small-payments", Type = HumanRequestType.Payment, MaxCost = 20m }));

        var request = await bot.Manager.CreateAsync(Requests.Domain(cost: 5m));
        var message = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat);

        Assert.Equal(HumanRequestStatus.Approved, request.Status);
        Assert.Empty(message.Buttons);
        Assert.Contains("Aprobada automáticamente", message.VisibleText, StringComparison.Ordinal);
        Assert.Contains("auto:small-payments", message.VisibleText, StringComparison.Ordinal);
        Assert.Contains("/completar req-0001", message.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_TelegramFailsForEveryChat_NotificationIsRetriedUntilDelivered()
    {
        await using var bot = await TelegramBotHarness.StartAsync(
            configureRequests: o => o.NotificationRetryInitialDelay = TimeSpan.FromMilliseconds(50),
            arrange: fake => fake.FailNextCalls("sendMessage", 2));

        await bot.Manager.CreateAsync(Requests.Domain());
        await bot.WaitForNotificationsAsync();

        Assert.Single(bot.Fake.Messages, m => m.ChatId == TelegramBotHarness.OwnerChat);
        Assert.Single(bot.Fake.Messages, m => m.ChatId == TelegramBotHarness.SecondChat);
        Assert.True(bot.Fake.CountCalls("sendMessage") >= 4, "two failed sends, then one per chat");
        var request = await bot.Manager.GetAsync("req-0001");
        Assert.True(request.Notification!.Attempts >= 1);
    }

    [Fact]
    public async Task CreateAsync_LongEscapedDescription_IsCutToFitOneMessage()
    {
        await using var bot = await TelegramBotHarness.StartAsync();

        await bot.Manager.CreateAsync(Requests.Domain() with { Description = string.Concat(Enumerable.Repeat("<&> 🎉 ", 570)) });
        var message = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.OwnerChat);

        Assert.True(message.Text.Length <= 4096, $"{message.Text.Length} characters");
        Assert.Contains("… (recortado)", message.VisibleText, StringComparison.Ordinal);
        Assert.Contains("req-0001", message.VisibleText, StringComparison.Ordinal);
        Assert.Equal(3, message.Buttons.Count);
    }
}
