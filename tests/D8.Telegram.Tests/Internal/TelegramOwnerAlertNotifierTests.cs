using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal;
using D8.Telegram.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using D8.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Telegram.Tests.Internal;

/// <summary>Slave alerts go through the durable outbox: the real health monitor checks a real (fake) slave that is
/// stopped, the alert is stored, and the real bot delivers it to the fake Bot API once that answers again, also after
/// a restart.</summary>
public sealed class TelegramOwnerAlertNotifierTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;
    private const long Second = TelegramBotHarness.SecondChat;
    private const string DownTitle = "Esclavo caído";

    private static void ShortRetries(D8HumanRequestsOptions options)
    {
        options.NotificationRetryInitialDelay = TimeSpan.FromMilliseconds(50);
        options.NotificationRetryMaxDelay = TimeSpan.FromMilliseconds(200);
    }

    [Fact]
    public async Task SlaveDown_WhileTheBotApiFailsSendMessage_NothingDeliveredThenDeliveredOnceWhenItRecovers()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var bot = await TelegramBotHarness.StartAsync(withMaster: true, configureRequests: ShortRetries);
        var monitor = bot.Services.GetRequiredService<ISlaveHealthMonitor>();
        await bot.Services.GetRequiredService<ISlaveRegistry>().RegisterAsync(new SlaveRegistration("pc-1", slave.Host, slave.Port));
        Assert.Equal(SlaveStatus.Healthy, (await monitor.CheckAsync("pc-1")).Status);

        bot.Fake.FailNextCalls("sendMessage", int.MaxValue);
        await slave.StopAsync();
        await monitor.CheckAsync("pc-1");
        await Poll.UntilAsync(async () => (await Alerts(bot)).SingleOrDefault()?.Attempts >= 2, "two failed delivery rounds of the slave-down alert");

        Assert.True(DownCalls(bot) >= 4, "each round tried both chats");
        Assert.DoesNotContain(bot.Fake.Messages, m => m.VisibleText.Contains(DownTitle, StringComparison.Ordinal));
        var pending = (await Alerts(bot)).Single();
        Assert.Equal(("slave", "down", "pc-1", false), (pending.Source, pending.Kind, pending.Subject, pending.Delivered));
        Assert.Contains("reached no authorised chat", pending.LastError, StringComparison.Ordinal);

        bot.Fake.FailNextCalls("sendMessage", 0);
        await Poll.UntilAsync(async () => (await Alerts(bot)).Single().Delivered, "the slave-down alert to be delivered");

        // Two requests notified one after the other: the pass that delivered the alert and the next one are over.
        await bot.Manager.CreateAsync(Requests.Domain(title: "uno"));
        await bot.WaitForNotificationsAsync();
        await bot.Manager.CreateAsync(Requests.Domain(title: "dos"));
        await bot.WaitForNotificationsAsync();
        foreach (var chat in new[] { Owner, Second })
        {
            var down = Assert.Single(bot.Fake.Messages, m => m.ChatId == chat && m.VisibleText.Contains(DownTitle, StringComparison.Ordinal));
            Assert.Contains("pc-1", down.VisibleText, StringComparison.Ordinal);
            Assert.Contains("sano → caído", down.VisibleText, StringComparison.Ordinal);
        }

        Assert.Equal([typeof(TelegramOwnerAlertNotifier).FullName!], (await Alerts(bot)).Single().DeliveredTo);
    }

    [Fact]
    public async Task SlaveDown_BotApiFailsUntilARestart_DeliveredOnceByTheNextHostOverTheSameData()
    {
        using var data = new TempDirectory("d8-telegram-alerts");
        await using var slave = await FakeSlave.StartAsync();
        await using (var first = await TelegramBotHarness.StartAsync(
            withMaster: true,
            configureRequests: ShortRetries,
            arrange: fake => fake.FailNextCalls("sendMessage", int.MaxValue),
            sharedDataDirectory: data.Path))
        {
            var monitor = first.Services.GetRequiredService<ISlaveHealthMonitor>();
            await first.Services.GetRequiredService<ISlaveRegistry>().RegisterAsync(new SlaveRegistration("pc-1", slave.Host, slave.Port));
            Assert.Equal(SlaveStatus.Healthy, (await monitor.CheckAsync("pc-1")).Status);
            await slave.StopAsync();
            await monitor.CheckAsync("pc-1");
            await Poll.UntilAsync(async () => (await Alerts(first)).SingleOrDefault()?.Attempts >= 1, "a failed delivery round before the restart");
            Assert.DoesNotContain(first.Fake.Messages, m => m.VisibleText.Contains(DownTitle, StringComparison.Ordinal));
        }

        await using var second = await TelegramBotHarness.StartAsync(configureRequests: ShortRetries, sharedDataDirectory: data.Path);
        await Poll.UntilAsync(async () => (await Alerts(second)).Single().Delivered, "the alert to be delivered after the restart");
        await second.Manager.CreateAsync(Requests.Domain(title: "uno"));
        await second.WaitForNotificationsAsync();
        await second.Manager.CreateAsync(Requests.Domain(title: "dos"));
        await second.WaitForNotificationsAsync();

        Assert.Single(second.Fake.Messages, m => m.ChatId == Owner && m.VisibleText.Contains(DownTitle, StringComparison.Ordinal));
        Assert.Single(second.Fake.Messages, m => m.ChatId == Second && m.VisibleText.Contains(DownTitle, StringComparison.Ordinal));
        Assert.Equal(2, second.Fake.Calls.Count(c => c.Method == "sendMessage" && c.Get("text")!.Contains(DownTitle, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RaiseAsync_AnotherSource_SentByItsEscapedTextToEveryChat()
    {
        await using var bot = await TelegramBotHarness.StartAsync();

        await bot.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(new NewOwnerAlert("backup", "failed", "nas<1>", "Disk & quota full"), CancellationToken.None);
        var message = await bot.Fake.WaitForMessageAsync(Second);

        Assert.Equal("⚠️ backup · failed: nas<1>\nDisk & quota full", message.VisibleText);
        Assert.Contains("nas&lt;1&gt;", message.Text, StringComparison.Ordinal);
        await bot.Fake.WaitForMessageAsync(Owner);
    }

    [Fact]
    public async Task HandleAsync_WithoutHumanRequests_SendsTheEventDirectly()
    {
        // Telegram without AddD8HumanRequests has no outbox to enqueue in: the forwarder sends as before.
        await using var fake = await FakeTelegramBotApi.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8Telegram(o =>
        {
            o.BotToken = fake.Token;
            o.ApiBaseUrl = new Uri(fake.BaseUrl);
            o.AuthorizedChatIds.Add(Owner);
            o.Language = "en";
        });
        await using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<IOwnerAlerts>());
        var forwarder = provider.GetServices<ISlaveEventHandler>().OfType<TelegramSlaveEventForwarder>().Single();

        await forwarder.HandleAsync(new SlaveEvent(SlaveEventKind.Down, "pc-9", SlaveStatus.Healthy, SlaveStatus.Unhealthy, DateTimeOffset.UnixEpoch, "refused"), CancellationToken.None);

        var message = await fake.WaitForMessageAsync(Owner);
        Assert.Contains("Slave down", message.VisibleText, StringComparison.Ordinal);
        Assert.Contains("pc-9", message.VisibleText, StringComparison.Ordinal);
    }

    private static ValueTask<IReadOnlyList<OwnerAlert>> Alerts(TelegramBotHarness bot) =>
        bot.Services.GetRequiredService<IHumanRequestStore>().GetAlertsAsync(CancellationToken.None);

    private static int DownCalls(TelegramBotHarness bot) =>
        bot.Fake.Calls.Count(c => c.Method == "sendMessage" && c.Get("text") is { } text && text.Contains(DownTitle, StringComparison.Ordinal));
}
