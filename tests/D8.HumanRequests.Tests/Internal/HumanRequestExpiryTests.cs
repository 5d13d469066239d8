using D8.HumanRequests.Internal;
using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>Expiry (<c>expires_at</c>): a reminder <see cref="D8HumanRequestsOptions.ExpiryReminderLeadTime"/> before,
/// then cancelled "expired" with the waiter told; on the fake clock, through the real background service and file.</summary>
public sealed class HumanRequestExpiryTests
{
    // A real-time guard so a broken wait fails the test instead of hanging the run.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static readonly Action<D8HumanRequestsOptions> OneMinuteLead = o => o.ExpiryReminderLeadTime = TimeSpan.FromMinutes(1);

    private static Action<IServiceCollection> With(IHumanRequestNotifier notifier) => services => services.AddSingleton(notifier);

    private static IEnumerable<HumanRequestNotification> Reminders(RecordingNotifier notifier, string id) =>
        notifier.Delivered.Where(n => n.Kind == HumanRequestNotificationKind.ExpiryReminder && n.Request.Id == id);

    [Fact]
    public async Task TwoMinuteExpiry_OneMinuteLead_RemindsThenCancelsExpired()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, configure: OneMinuteLead, services: With(notifier));
        var expiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(2);
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = expiresAt });
        Assert.Equal(expiresAt, request.ExpiresAt);
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request's notification");

        host.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        Assert.Null((await host.Manager.GetAsync(request.Id)).ExpiryRemindedAt);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => Reminders(notifier, request.Id).Any(), "the expiry reminder");
        var reminder = Assert.Single(Reminders(notifier, request.Id));
        Assert.Equal((HumanRequestStatus.Pending, (DateTimeOffset?)expiresAt), (reminder.Request.Status, reminder.Request.ExpiresAt));
        Assert.Equal(expiresAt - TimeSpan.FromMinutes(1), (await host.Manager.GetAsync(request.Id)).ExpiryRemindedAt);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Status == HumanRequestStatus.Cancelled, "the request to expire");
        var expired = await host.Manager.GetAsync(request.Id);
        Assert.Equal(
            new HumanRequestHistoryEntry(expiresAt, HumanRequestManager.ExpiryActor, HumanRequestAction.Cancel, HumanRequestStatus.Pending, HumanRequestStatus.Cancelled, "expired"),
            expired.History[^1]);
        Assert.EndsWith("Cancelado por system:expiry: expired", expired.Notes, StringComparison.Ordinal);

        // The expiry is a decision like any other: the notifiers are told (Decided), so they update what they sent.
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Kind == HumanRequestNotificationKind.Decided), "the expiry's Decided notification");
        Assert.Equal(
            [HumanRequestNotificationKind.New, HumanRequestNotificationKind.ExpiryReminder, HumanRequestNotificationKind.Decided],
            notifier.Delivered.Select(n => n.Kind));
    }

    [Fact]
    public async Task ReminderSent_RestartOnTheSameFile_NotRemindedAgain_StillExpires()
    {
        using var dir = new TempDirectory();
        var clock = TestHost.NewClock();
        var notifier = new RecordingNotifier();
        var expiresAt = clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        string id;
        await using (var host = await TestHost.StartAsync(dir.Path, clock, OneMinuteLead, With(notifier)))
        {
            id = (await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = expiresAt })).Id;
            await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request's notification");
            clock.Advance(TimeSpan.FromMinutes(1));
            await Poll.UntilAsync(async () => (await host.Manager.GetAsync(id)).Notification is { Kind: HumanRequestNotificationKind.ExpiryReminder, Notified: true }, "the reminder to be marked delivered");
        }

        // A new process over the same file, later but before the expiry: the saved state says the reminder went out.
        clock.Advance(TimeSpan.FromSeconds(30));
        await using var restarted = await TestHost.StartAsync(dir.Path, clock, OneMinuteLead, With(notifier));
        var marker = await restarted.Manager.CreateAsync(Requests.Design());
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Id == marker.Id), "the marker request's notification");
        Assert.Single(Reminders(notifier, id));

        clock.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async () => (await restarted.Manager.GetAsync(id)).Status == HumanRequestStatus.Cancelled, "the restarted host to expire the request");
        Assert.Single(Reminders(notifier, id));
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Kind == HumanRequestNotificationKind.Decided && n.Request.Id == id), "the expiry's Decided notification");
        Assert.Equal(3, notifier.Delivered.Count(n => n.Kind != HumanRequestNotificationKind.Decided));
    }

    [Fact]
    public async Task WaiterBlockedInWaitForDecision_IsCompletedWithTheCancelledRequest()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, configure: o => o.ExpiryReminderLeadTime = TimeSpan.Zero);
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(5) });
        var wait = host.Manager.WaitForDecisionAsync(request.Id, Timeout.InfiniteTimeSpan);
        Assert.False(wait.IsCompleted);

        host.Time.Advance(TimeSpan.FromMinutes(5));
        var decided = await wait.WaitAsync(Guard);

        Assert.Equal(HumanRequestStatus.Cancelled, decided.Status);
        Assert.Equal((HumanRequestManager.ExpiryActor, "expired"), (decided.History[^1].Actor, decided.History[^1].Note));
    }

    [Fact]
    public async Task PostponedPastItsExpiry_IsCancelledAtTheExpiry_NotAskedAgain()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, configure: o => o.ExpiryReminderLeadTime = TimeSpan.Zero, services: With(notifier));
        var expiresAt = host.Time.GetUtcNow() + TimeSpan.FromHours(2);
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = expiresAt });
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request's notification");
        await host.Manager.PostponeAsync(request.Id, TimeSpan.FromDays(1), "telegram:1", "mañana");

        host.Time.Advance(TimeSpan.FromHours(2));
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Status == HumanRequestStatus.Cancelled, "the postponed request to expire");
        var expired = await host.Manager.GetAsync(request.Id);
        Assert.Equal(
            new HumanRequestHistoryEntry(expiresAt, HumanRequestManager.ExpiryActor, HumanRequestAction.Cancel, HumanRequestStatus.Postponed, HumanRequestStatus.Cancelled, "expired"),
            expired.History[^1]);
        Assert.Null(expired.PostponedUntil);

        // The day the postponement would have ended: nothing comes back.
        host.Time.Advance(TimeSpan.FromDays(1));
        var marker = await host.Manager.CreateAsync(Requests.Design());
        await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Id == marker.Id), "the marker request's notification");
        Assert.DoesNotContain(notifier.Delivered, n => n.Kind == HumanRequestNotificationKind.DueAgain);
        Assert.Equal(HumanRequestStatus.Cancelled, (await host.Manager.GetAsync(request.Id)).Status);
    }

    [Fact]
    public async Task ReminderDue_WhileTheAskStillWaitsForARetry_GoesOutRightAfterTheAsk()
    {
        // One outbox slot per request: the reminder does not overwrite an ask that was not delivered yet.
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier(failures: 1);
        await using var host = await TestHost.StartAsync(
            dir.Path,
            configure: o =>
            {
                OneMinuteLead(o);
                o.NotificationRetryInitialDelay = TimeSpan.FromMinutes(5);
            },
            services: With(notifier));
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(10) });
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Notification!.Attempts == 1, "the first failure to be saved");

        host.Time.Advance(TimeSpan.FromMinutes(9));
        await Poll.UntilAsync(() => Reminders(notifier, request.Id).Any(), "the reminder after the retried ask");

        Assert.Equal(
            [HumanRequestNotificationKind.New, HumanRequestNotificationKind.ExpiryReminder],
            notifier.Delivered.Select(n => n.Kind));
    }

    [Fact]
    public async Task CreatedCloserToItsExpiryThanTheLead_NoReminder_StillExpires()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(notifier)); // default lead: 1 h
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(30) });
        await Poll.UntilAsync(() => notifier.Delivered.Count == 1, "the new request's notification");

        host.Time.Advance(TimeSpan.FromMinutes(30));
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Status == HumanRequestStatus.Cancelled, "the request to expire");

        Assert.Empty(Reminders(notifier, request.Id));
        Assert.Null((await host.Manager.GetAsync(request.Id)).ExpiryRemindedAt);
    }

    [Fact]
    public async Task DecidedBeforeItsExpiry_StaysDecided()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path);
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(2) });
        await host.Manager.ApproveAsync(request.Id, "telegram:1");

        host.Time.Advance(TimeSpan.FromMinutes(3));
        var marker = await host.Manager.CreateAsync(Requests.Design() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(1) });
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(marker.Id)).Status == HumanRequestStatus.Cancelled, "the marker request to expire");

        Assert.Equal(HumanRequestStatus.Approved, (await host.Manager.GetAsync(request.Id)).Status);
    }

    [Fact]
    public async Task OnAFollower_NothingExpires_UntilItLeads()
    {
        // Among several masters only the leader runs the expiry timer, so a request is reminded and cancelled once.
        using var dir = new TempDirectory();
        var leadership = new GatedLeadership();
        await using var host = await TestHost.StartAsync(dir.Path, configure: OneMinuteLead, services: services => services.AddSingleton<IHumanRequestsLeadership>(leadership));
        await Poll.UntilAsync(() => leadership.Waiting == 1, "the background service to wait for leadership");
        var request = await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(2) });

        host.Time.Advance(TimeSpan.FromMinutes(3));
        var meanwhile = await host.Manager.GetAsync(request.Id);
        Assert.Equal((HumanRequestStatus.Pending, (DateTimeOffset?)null), (meanwhile.Status, meanwhile.ExpiryRemindedAt));

        leadership.Grant();
        await Poll.UntilAsync(async () => (await host.Manager.GetAsync(request.Id)).Status == HumanRequestStatus.Cancelled, "the leader to expire the request");
        Assert.Null((await host.Manager.GetAsync(request.Id)).ExpiryRemindedAt); // past its expiry: cancelled, not reminded
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Create_ExpiryNotInTheFuture_RefusedNamingTheField(int minutes)
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var ex = await Assert.ThrowsAsync<HumanRequestValidationException>(() =>
            host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = host.Time.GetUtcNow() + TimeSpan.FromMinutes(minutes) }));

        Assert.Equal(nameof(NewHumanRequest.ExpiresAt), ex.Field);
        Assert.Contains("ExpiresAt must be in the future", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Manager.ListAsync());
    }

    [Fact]
    public async Task WrittenFileWithExpiry_LoadsInPythonLikeTheOldSystem_AndReadsBack()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var clock = TestHost.NewClock();
        var expiresAt = clock.GetUtcNow() + TimeSpan.FromHours(3);
        await using (var host = await TestHost.StartAsync(dir.Path, clock, runHostedServices: false))
        {
            await host.Manager.CreateAsync(Requests.Domain() with { ExpiresAt = expiresAt });
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
            print(data["counter"], last["status"], last["request_type"], datetime.fromisoformat(last["expires_at"]).isoformat())
            """;
        var output = await PythonScript.RunAsync(python, script, path);

        Assert.Equal("6 pending payment 2026-11-26T12:00:00+00:00", output);
        await using var reopened = await TestHost.StartAsync(dir.Path, clock, runHostedServices: false);
        Assert.Equal(expiresAt, (await reopened.Manager.GetAsync("req-0006")).ExpiresAt);
    }
}
