using D8.Dashboard.Tests.Support;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using D8.Telegram;
using D8.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests.Telegram;

/// <summary>
/// Issue 17 point 5: the master host as <c>d8-master run</c> builds it, with the Telegram bot talking to the fake Bot
/// API. A decision taken through the dashboard's API edits the bot's messages in every authorised chat: the decision
/// shown, the buttons gone, within the human requests' poll interval.
/// </summary>
public sealed class DashboardDecisionEditsTelegramTests
{
    private const long OwnerChat = 111_111;
    private const long SecondChat = 222_222;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("approve", "Aprobada por api")]
    [InlineData("reject", "Rechazada por api")]
    public async Task DecisionThroughTheApi_EditsTheTelegramMessagesWithinThePollInterval(string action, string footer)
    {
        await using var fake = await FakeTelegramBotApi.StartAsync();
        await using var host = await MasterApiHost.StartAsync(
            requests: o => o.PollInterval = PollInterval,
            services: services => services.AddD8Telegram(o =>
            {
                o.BotToken = fake.Token;
                o.ApiBaseUrl = new Uri(fake.BaseUrl);
                o.AuthorizedChatIds.Add(OwnerChat);
                o.AuthorizedChatIds.Add(SecondChat);
                o.PollingTimeout = TimeSpan.FromSeconds(5);
            }));
        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "payment", Title = "Buy example.com", EstimatedCost = 12.99m, Priority = 8, CreatedBy = "NicheDiscovery" });
        await fake.WaitUntilAsync(f => f.Messages.Count(m => m.Buttons.Count == 3) == 2, "the new request's message in both chats");
        await D8.Testing.Poll.UntilAsync(async () => (await host.Requests.GetAsync(created.RequestId)).SentMessages.Count == 2, "both message ids kept with the request");
        var sent = fake.Messages.ToList();

        var decision = new HumanRequestDecisionRequest { Note = "ok desde el panel" };
        _ = action == "approve"
            ? await host.Client.ApproveRequestAsync(created.RequestId, decision)
            : await host.Client.RejectRequestAsync(created.RequestId, decision);

        // Deadline: the configured poll interval plus a margin for a loaded machine.
        await fake.WaitUntilAsync(
            f => sent.All(s => f.Messages.Single(m => m.ChatId == s.ChatId && m.MessageId == s.MessageId) is { ReplyMarkup: null } m
                && m.VisibleText.Contains(footer, StringComparison.Ordinal)),
            $"both messages edited to '{footer}' without buttons",
            PollInterval + TimeSpan.FromSeconds(5));
        Assert.All(fake.Messages, m => Assert.Contains("ok desde el panel", m.VisibleText, StringComparison.Ordinal));
        Assert.Equal(2, fake.Messages.Count);
    }
}
