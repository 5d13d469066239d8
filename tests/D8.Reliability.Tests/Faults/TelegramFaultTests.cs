using D8.HumanRequests;
using D8.Telegram;
using D8.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Reliability.Tests.Faults;

/// <summary>The fake Bot API answering errors: requests are never lost, each is delivered exactly once when Telegram is back.</summary>
[Trait("Category", "Fault")]
public sealed class TelegramFaultTests
{
    private const long OwnerChat = 424_242;

    [Fact]
    public async Task Notify_TelegramAnswersErrors_RequestKeptWithTheCause_ThenDeliveredExactlyOnce()
    {
        await using var fake = await FakeTelegramBotApi.StartAsync();
        fake.FailNextCalls("sendMessage", 3);
        using var data = new TempDirectory("d8-telegram-fault");
        using var host = Build(fake, data.Path);
        await host.StartAsync();
        var manager = host.Services.GetRequiredService<IHumanRequestManager>();

        var created = await manager.CreateAsync(new NewHumanRequest
        {
            Type = HumanRequestType.Payment,
            Title = "Comprar dominio caido.com",
            EstimatedCost = 9.99m,
            Priority = 7,
            CreatedBy = "NicheDiscovery",
        });

        // While Telegram fails the request is stored, un-notified, with the error that names the cause.
        await Poll.UntilAsync(async () => (await manager.GetAsync(created.Id)).Notification?.LastError is not null, "a failed notification attempt recorded");
        var failing = await manager.GetAsync(created.Id);
        Assert.False(failing.Notification!.Notified);
        Assert.Contains("Internal Server Error", failing.Notification.LastError, StringComparison.Ordinal);

        await Poll.UntilAsync(async () => (await manager.GetAsync(created.Id)).Notification?.Notified == true, "the notification delivered once Telegram answers again");
        await host.StopAsync();

        var messages = fake.Messages.Where(m => m.ChatId == OwnerChat && m.VisibleText.Contains(created.Id, StringComparison.Ordinal)).ToList();
        Assert.Single(messages);
        Assert.Equal(3, messages[0].Buttons.Count);
        Assert.Single(await manager.ListAsync());
        Assert.Equal(HumanRequestStatus.Pending, (await manager.GetAsync(created.Id)).Status);
    }

    [Fact]
    public async Task Approve_TelegramDownAfterwards_DecisionStaysAppliedOnce_AndThePollingLoopRecovers()
    {
        await using var fake = await FakeTelegramBotApi.StartAsync();
        using var data = new TempDirectory("d8-telegram-fault");
        using var host = Build(fake, data.Path);
        await host.StartAsync();
        var manager = host.Services.GetRequiredService<IHumanRequestManager>();
        var created = await manager.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Other, Title = "Elegir logo", Priority = 5, CreatedBy = "Design" });
        await Poll.UntilAsync(async () => (await manager.GetAsync(created.Id)).Notification?.Notified == true, "first notification delivered");

        // The reply to the command fails (Telegram answers 500): the decision is applied once all the same.
        fake.FailNextCalls("sendMessage", 1);
        fake.EnqueueMessage(OwnerChat, $"/aprobar {created.Id} ok");
        await Poll.UntilAsync(async () => (await manager.GetAsync(created.Id)).Status == HumanRequestStatus.Approved, "the approval applied");

        // The loop is still alive: the next command is answered.
        fake.EnqueueMessage(OwnerChat, $"/aprobar {created.Id}");
        var reply = await fake.WaitForMessageAsync(OwnerChat, m => m.VisibleText.Contains(created.Id, StringComparison.Ordinal) && m.VisibleText.Contains("aprobada", StringComparison.OrdinalIgnoreCase) && m.Buttons.Count == 0);
        var approved = await manager.GetAsync(created.Id);
        Assert.Equal(HumanRequestStatus.Approved, approved.Status);
        Assert.Single(approved.History, h => h.To == HumanRequestStatus.Approved);
        Assert.NotNull(reply);
        await host.StopAsync();
    }

    private static IHost Build(FakeTelegramBotApi fake, string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddD8HumanRequests(options =>
        {
            options.DataDirectory = dataDirectory;
            options.NotificationRetryInitialDelay = TimeSpan.FromMilliseconds(300);
            options.NotificationRetryMaxDelay = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddD8Telegram(options =>
        {
            options.BotToken = fake.Token;
            options.ApiBaseUrl = new Uri(fake.BaseUrl);
            options.AuthorizedChatIds.Add(OwnerChat);
            options.PollingTimeout = TimeSpan.FromSeconds(5);
            options.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
        });
        return builder.Build();
    }
}
