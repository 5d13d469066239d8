using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestsBackgroundServiceTests
{
    private static Action<IServiceCollection> With(params IHumanRequestNotifier[] notifiers) => services =>
    {
        foreach (var notifier in notifiers)
        {
            services.AddSingleton(notifier);
        }
    };

    [Fact]
    public async Task NewRequest_IsDeliveredToEveryNotifierOnce()
    {
        using var dir = new TempDirectory();
        var first = new RecordingNotifier();
        var second = new SecondNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(first, second));

        var request = await host.Manager.CreateAsync(Requests.Domain());

        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Notified, "the notification to be marked delivered");
        var delivered = Assert.Single(first.Delivered);
        Assert.Equal((HumanRequestNotificationKind.New, request.Id), (delivered.Kind, delivered.Request.Id));
        Assert.Single(second.Delivered);
        Assert.Equal(
            [typeof(RecordingNotifier).FullName!, typeof(SecondNotifier).FullName!],
            (await host.Manager.GetAsync(request.Id)).Notification!.DeliveredTo);
    }

    [Fact]
    public async Task NewRequest_OnAFollower_IsNotDelivered_UntilItLeads()
    {
        // Among several masters only the leader runs the outbox, so a notification is never sent twice.
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        var leadership = new GatedLeadership();
        await using var host = await TestHost.StartAsync(dir.Path, services: services =>
        {
            With(notifier)(services);
            services.AddSingleton<IHumanRequestsLeadership>(leadership);
        });
        await Poll.UntilAsync(() => leadership.Waiting == 1, "the background service to wait for leadership");

        var request = await host.Manager.CreateAsync(Requests.Domain());

        Assert.Equal(0, notifier.Calls);
        Assert.False((await host.Manager.GetAsync(request.Id)).Notification!.Notified);
        leadership.Grant();
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Notified, "the leader to deliver");
        Assert.Single(notifier.Delivered);
    }

    [Fact]
    public async Task PostponedOneDay_AfterADay_IsPendingAgainAndNotifiedAgain()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier));
        var request = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the first notification");

        var postponed = await host.Manager.PostponeAsync(request.Id, TimeSpan.FromDays(1), "telegram:1", "mañana");
        // The postponement is a decision: the notifiers are told (Decided) before the clock moves on.
        await Poll.UntilAsync(() => notifier.Delivered.Count == 2, "the postponement's Decided notification");
        Assert.Equal((HumanRequestNotificationKind.Decided, HumanRequestStatus.Postponed), (notifier.Delivered[1].Kind, notifier.Delivered[1].Request.Status));
        host.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(HumanRequestStatus.Postponed, (await host.Manager.GetAsync(request.Id)).Status);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => notifier.Delivered.Count == 3, "the due-again notification");
        var again = notifier.Delivered[2];
        Assert.Equal(HumanRequestNotificationKind.DueAgain, again.Kind);
        Assert.Equal(HumanRequestStatus.Pending, again.Request.Status);
        var current = await host.Manager.GetAsync(request.Id);
        Assert.Equal(HumanRequestStatus.Pending, current.Status);
        Assert.Null(current.PostponedUntil);
        Assert.Equal(
            new HumanRequestHistoryEntry(postponed.PostponedUntil!.Value, "system", HumanRequestAction.Resume, HumanRequestStatus.Postponed, HumanRequestStatus.Pending, null),
            current.History[^1]);
    }

    [Fact]
    public async Task NotifierFailingTwiceThenSucceeding_DeliversOnce_AcrossARestart()
    {
        using var dir = new TempDirectory();
        var clock = TestHost.NewClock();
        var notifier = new RecordingNotifier(failures: 2);
        Action<D8HumanRequestsOptions> options = o => o.NotificationRetryInitialDelay = TimeSpan.FromSeconds(10);
        string id;
        await using (var host = await TestHost.StartAsync(dir.Path, clock, options, With(notifier)))
        {
            id = (await host.Manager.CreateAsync(Requests.Domain())).Id;
            await Poll.UntilAsync(async () => (await host.Manager.GetAsync(id)).Notification!.Attempts == 1, "the first failure to be saved");
            var state = (await host.Manager.GetAsync(id)).Notification!;
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(10), state.NextAttemptAt);
            Assert.Contains("Telegram is down", state.LastError, StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromSeconds(10));
            await Poll.UntilAsync(async () => (await host.Manager.GetAsync(id)).Notification!.Attempts == 2, "the second failure to be saved");
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(20), (await host.Manager.GetAsync(id)).Notification!.NextAttemptAt);
        }

        Assert.Equal(2, notifier.Calls);
        Assert.Empty(notifier.Delivered);

        // A new process over the same directory: the un-notified request is still queued, with its backoff.
        await using var restarted = await TestHost.StartAsync(dir.Path, clock, options, With(notifier));
        clock.Advance(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(async () => (await restarted.Manager.GetAsync(id)).Notification!.Notified, "the third attempt to succeed");

        // A later request going through proves the outbox moved on without re-sending the first one.
        var marker = await restarted.Manager.CreateAsync(Requests.Design());
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Id == marker.Id), "the marker request's notification");
        Assert.Single(notifier.Delivered, n => n.Request.Id == id);
        Assert.Equal(4, notifier.Calls);
        var final = (await restarted.Manager.GetAsync(id)).Notification!;
        Assert.Equal((true, 2, (DateTimeOffset?)null), (final.Notified, final.Attempts, final.NextAttemptAt));
    }

    [Fact]
    public async Task OneNotifierFailing_TheOtherIsNotAskedAgain()
    {
        using var dir = new TempDirectory();
        var flaky = new RecordingNotifier(failures: 1);
        var steady = new SecondNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(flaky, steady));
        var request = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Attempts == 1, "the failure to be saved");

        host.Time.Advance(new D8HumanRequestsOptions().NotificationRetryInitialDelay);
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Notified, "the retry to succeed");

        Assert.Single(flaky.Delivered);
        Assert.Single(steady.Delivered);
    }

    [Fact]
    public async Task RequestDecidedBeforeDelivery_IsNotAnnouncedAnyMore()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier(failures: 1);
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier));
        var request = await host.Manager.CreateAsync(Requests.Domain());
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Attempts == 1, "the failure to be saved");

        await host.Manager.ApproveAsync(request.Id, "cli");
        host.Time.Advance(TimeSpan.FromHours(1));
        var marker = await host.Manager.CreateAsync(Requests.Design());
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Id == marker.Id), "the marker request's notification");

        // Never asked after the decision: the notifiers are only told of the decision (to edit what they sent).
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Notified, "the decision delivered");
        Assert.Equal(HumanRequestNotificationKind.Decided, Assert.Single(notifier.Delivered, n => n.Request.Id == request.Id).Kind);
    }

    [Fact]
    public async Task AutoApprovalRule_SmallPaymentApprovedAndToldBigOneStaysPendingAndAsked()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(
            dir.Path,
            configure: o => o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "small-payments", Type = HumanRequestType.Payment, MaxCost = 20.00m }),
            services: With(notifier));

        var small = await host.Manager.CreateAsync(Requests.Domain(15.00m));
        var big = await host.Manager.CreateAsync(Requests.Domain(25.00m));

        Assert.Equal(HumanRequestStatus.Approved, small.Status);
        Assert.Equal(host.Time.GetUtcNow(), small.ApprovedAt);
        Assert.Equal("auto:small-payments", small.History[^1].Actor);
        Assert.Equal(HumanRequestAction.Approve, small.History[^1].Action);
        Assert.Equal("Aprobado por auto:small-payments", small.Notes);
        Assert.Equal(HumanRequestStatus.Pending, big.Status);
        Assert.Equal(HumanRequestStatus.Approved, (await host.Manager.WaitForDecisionAsync(small.Id, TimeSpan.Zero)).Status);
        await Poll.UntilAsync(() => notifier.Delivered.Count == 2, "both notifications");
        Assert.Equal(HumanRequestNotificationKind.AutoApproved, notifier.Delivered.Single(n => n.Request.Id == small.Id).Kind);
        Assert.Equal(HumanRequestNotificationKind.New, notifier.Delivered.Single(n => n.Request.Id == big.Id).Kind);
    }

    [Fact]
    public async Task OldSystemsPendingRequests_AreNotAnnouncedAgain()
    {
        using var dir = new TempDirectory();
        Fixtures.InstallOldRequests(dir.Path);
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier));

        var marker = await host.Manager.CreateAsync(Requests.Design());
        await Poll.UntilAsync(() => notifier.Delivered.Count >= 1, "the marker request's notification");

        Assert.Equal([marker.Id], notifier.Delivered.Select(n => n.Request.Id));
    }

    [Fact]
    public async Task PostponementThatFellDueWhileStopped_IsPendingAndNotifiedAfterTheRestart()
    {
        using var dir = new TempDirectory();
        var clock = TestHost.NewClock();
        var notifier = new RecordingNotifier();
        string id;
        await using (var host = await TestHost.StartAsync(dir.Path, clock, services: With(notifier)))
        {
            id = (await host.Manager.CreateAsync(Requests.Domain())).Id;
            await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the first notification");
            await host.Manager.PostponeAsync(id, TimeSpan.FromHours(2), "telegram:1");
            await Poll.UntilAsync(() => notifier.Delivered.Count == 2, "the postponement's Decided notification");
        }

        clock.Advance(TimeSpan.FromDays(1));
        await using var restarted = await TestHost.StartAsync(dir.Path, clock, services: With(notifier));

        await Poll.UntilAsync(() => notifier.Delivered.Count == 3, "the due-again notification after the restart");
        Assert.Equal((HumanRequestNotificationKind.DueAgain, HumanRequestStatus.Pending), (notifier.Delivered[2].Kind, notifier.Delivered[2].Request.Status));
        Assert.Equal(HumanRequestStatus.Pending, (await restarted.Manager.GetAsync(id)).Status);
    }
}
