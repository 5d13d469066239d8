using System.Text.Json.Nodes;
using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>
/// A request leaving pending queues <see cref="HumanRequestNotificationKind.Decided"/> in the outbox, so every notifier
/// can bring what it sent (recorded in <see cref="HumanRequest.SentMessages"/>) up to date, also after a restart.
/// </summary>
public sealed class HumanRequestDecidedNotificationTests
{
    private static Action<IServiceCollection> With(IHumanRequestNotifier notifier) => services => services.AddSingleton(notifier);

    [Theory]
    [InlineData("approve", HumanRequestStatus.Approved)]
    [InlineData("reject", HumanRequestStatus.Rejected)]
    [InlineData("postpone", HumanRequestStatus.Postponed)]
    [InlineData("cancel", HumanRequestStatus.Cancelled)]
    [InlineData("complete", HumanRequestStatus.Completed)]
    public async Task EveryTransitionOutOfPending_IsDeliveredAsDecidedWithTheNewState(string action, HumanRequestStatus expected)
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier));
        var created = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request delivered");

        _ = action switch
        {
            "approve" => await host.Manager.ApproveAsync(created.Id, "cli"),
            "reject" => await host.Manager.RejectAsync(created.Id, "cli"),
            "postpone" => await host.Manager.PostponeAsync(created.Id, TimeSpan.FromHours(1), "cli"),
            "cancel" => await host.Manager.CancelAsync(created.Id, "cli", "ya no hace falta"),
            _ => await host.Manager.CompleteAsync((await host.Manager.ApproveAsync(created.Id, "cli")).Id, 1m, "cli"),
        };

        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Status == expected), $"a Decided notification showing {expected}");
        var decided = notifier.Delivered[^1];
        Assert.Equal((HumanRequestNotificationKind.Decided, expected), (decided.Kind, decided.Request.Status));
        Assert.All(notifier.Delivered.Skip(1), n => Assert.Equal(HumanRequestNotificationKind.Decided, n.Kind));
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(created.Id)).Notification!.Notified, "the Decided notification marked delivered");
    }

    [Fact]
    public async Task NewNotificationNotDeliveredYet_IsReplacedByDecided_NeverAsksAfterTheDecision()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier(failures: 1);
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier), configure: o => o.NotificationRetryInitialDelay = TimeSpan.FromMinutes(5));
        var created = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(created.Id)).Notification!.Attempts == 1, "the first delivery to fail");

        await host.Manager.RejectAsync(created.Id, "cli");

        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the Decided notification delivered");
        Assert.Equal(HumanRequestNotificationKind.Decided, Assert.Single(notifier.Delivered).Kind);
        Assert.DoesNotContain(notifier.Delivered, n => n.Kind == HumanRequestNotificationKind.New);
    }

    [Fact]
    public async Task ApprovalReachingABudgetAlert_DecidedCarriesTheAlert()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier), configure: o => o.Budgets.ByType[HumanRequestType.Payment] = 15m);
        var created = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request delivered");

        await host.Manager.ApproveAsync(created.Id, "cli");

        // The alert may come with the Decided notification or, when that was already out, in a budget alert of its
        // own; either way exactly once, and the decision is delivered too.
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(created.Id)).Notification!.Notified && notifier.Delivered.Any(n => n.BudgetAlerts.Count > 0), "the alert delivered");
        Assert.Contains(notifier.Delivered, n => n.Kind == HumanRequestNotificationKind.Decided);
        Assert.Equal(80, Assert.Single(notifier.Delivered.SelectMany(n => n.BudgetAlerts)).Percent);
    }

    [Fact]
    public async Task RecordAsync_AddsOnceKeepsAConcurrentDecision_AndSurvivesARestart()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        var message = new HumanRequestSentMessage("telegram", "111111", "42", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        string id;
        await using (var host = await TestHost.StartAsync(dir.Path, runHostedServices: false))
        {
            var sentMessages = host.Services.GetRequiredService<IHumanRequestSentMessages>();
            id = (await host.Manager.CreateAsync(Requests.Domain())).Id;
            await host.Manager.ApproveAsync(id, "cli");

            var saved = await sentMessages.RecordAsync(id, message);
            await sentMessages.RecordAsync(id, message with { SentAt = message.SentAt.AddMinutes(1) });

            Assert.Equal(HumanRequestStatus.Approved, saved!.Status);
            Assert.Null(await sentMessages.RecordAsync("req-0404", message));
            var stored = JsonNode.Parse(await File.ReadAllTextAsync(host.FilePath))!["requests"]![0]!["sent_messages"]!.AsArray();
            var only = Assert.Single(stored)!;
            Assert.Equal(
                ("telegram", "111111", "42", "2026-11-26T09:00:00.000000+00:00"),
                (only["channel"]!.GetValue<string>(), only["chat_id"]!.GetValue<string>(), only["message_id"]!.GetValue<string>(), only["sent_at"]!.GetValue<string>()));
        }

        await using var restarted = await TestHost.StartAsync(dir.Path, services: With(notifier));
        await Poll.UntilAsync(() => notifier.Delivered.Count > 0, "the queued Decided notification delivered after the restart");
        var decided = notifier.Delivered[0];
        Assert.Equal([message], decided.Request.SentMessages);
        Assert.Equal(HumanRequestNotificationKind.Decided, decided.Kind);
    }

    [Fact]
    public async Task WrittenFileWithSentMessagesAndDecided_LoadsInPythonLikeTheOldSystem()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        await using (var host = await TestHost.StartAsync(dir.Path, runHostedServices: false))
        {
            var created = await host.Manager.CreateAsync(Requests.Domain());
            await host.Services.GetRequiredService<IHumanRequestSentMessages>().RecordAsync(created.Id, new HumanRequestSentMessage("telegram", "111111", "42", host.Time.GetUtcNow()));
            await host.Manager.CancelAsync(created.Id, "telegram:111111", "ya no hace falta");
        }

        const string script = """
            import json, sys
            from datetime import datetime
            with open(sys.argv[1]) as f:
                data = json.load(f)
            for r in data["requests"]:
                for k in ("created_at", "approved_at", "completed_at"):
                    if r[k] is not None:
                        datetime.fromisoformat(r[k])
            last = data["requests"][-1]
            print(data["counter"], last["status"], last["notes"].splitlines()[-1], last["sent_messages"][0]["message_id"], last["notification"]["kind"])
            """;
        var output = await PythonScript.RunAsync(python, script, path);

        Assert.Equal("6 cancelled Cancelado por telegram:111111: ya no hace falta 42 decided", output);
    }
}
