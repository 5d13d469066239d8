using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestManagerBudgetTests
{
    private static Action<D8HumanRequestsOptions> PaymentsBudget(decimal limit = 50.00m, decimal? monthly = null) => o =>
    {
        o.Budgets.ByType[HumanRequestType.Payment] = limit;
        o.Budgets.Monthly = monthly;
        o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "small-payments", Type = HumanRequestType.Payment, MaxCost = 20.00m });
    };

    private static Action<IServiceCollection> With(IHumanRequestNotifier notifier) => services => services.AddSingleton(notifier);

    private static NewHumanRequest Payment(decimal cost, string title = "Dominio") =>
        Requests.Domain(cost) with { Title = title };

    private static HumanRequestBudgetAlert[] Alerts(RecordingNotifier notifier) =>
        [.. notifier.Delivered.SelectMany(n => n.BudgetAlerts)];

    [Fact]
    public async Task CreateAsync_FivePaymentsAgainstA50Budget_ApprovesTwoAndAlertsAt80PercentOnce()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        var clock = TestHost.NewClock();
        await using (var host = await TestHost.StartAsync(dir.Path, clock, PaymentsBudget(), With(notifier)))
        {
            var created = new List<HumanRequest>();
            for (var i = 1; i <= 5; i++)
            {
                created.Add(await host.Manager.CreateAsync(Payment(19.99m, $"Dominio {i}")));
            }

            Assert.Equal(
                [HumanRequestStatus.Approved, HumanRequestStatus.Approved, HumanRequestStatus.Pending, HumanRequestStatus.Pending, HumanRequestStatus.Pending],
                created.Select(r => r.Status));
            Assert.Equal(["auto:small-payments", "auto:small-payments"], created.Take(2).Select(r => r.History[^1].Actor));
            await Poll.UntilAsync(() => notifier.Delivered.Count == 5, "the five notifications");

            // 39.98 of 50.00 is 79.96 %: not yet 80 %. The first payment costs a bit more than estimated: 40.01 is.
            Assert.Empty(Alerts(notifier));
            await host.Manager.CompleteAsync(created[0].Id, 20.02m, "telegram:1");
            await Poll.UntilAsync(() => Alerts(notifier).Length == 1, "the 80 % alert");
            var alert = Assert.Single(Alerts(notifier));
            Assert.Equal((HumanRequestType?)HumanRequestType.Payment, alert.Type);
            Assert.Equal((2026, 11, 80, 50.00m, 40.01m), (alert.Year, alert.Month, alert.Percent, alert.Limit, alert.Spent));
            var alerted = notifier.Delivered.Single(n => n.BudgetAlerts.Count > 0);
            // With the completion's Decided notification, or on its own when that one was already out.
            Assert.Contains(alerted.Kind, new[] { HumanRequestNotificationKind.BudgetAlert, HumanRequestNotificationKind.Decided });
            Assert.Equal(created[0].Id, alerted.Request.Id);

            // More spend below 100 %: no second 80 % alert.
            await host.Manager.CompleteAsync(created[1].Id, 19.99m, "telegram:1");
            await Poll.UntilAsync(async () => (await host.Manager.GetAsync(created[1].Id)).Notification is null or { Notified: true }, "the outbox to settle");
        }

        // After a restart the alert stays sent: the record is in the file.
        await using (var again = await TestHost.StartAsync(dir.Path, clock, PaymentsBudget(), With(notifier)))
        {
            var small = await again.Manager.CreateAsync(Payment(0.50m, "Captcha credits"));
            Assert.Equal(HumanRequestStatus.Approved, small.Status);
            await Poll.UntilAsync(() => notifier.Delivered.Any(n => n.Request.Id == small.Id), "the auto-approval notice");
            Assert.Single(Alerts(notifier));
            Assert.Empty(small.BudgetAlerts);
        }
    }

    [Fact]
    public async Task ApproveAsync_OwnerApprovesPast100Percent_Alerts100PercentOnceAndRulesStopApproving()
    {
        using var dir = new TempDirectory();
        var notifier = new RecordingNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, configure: PaymentsBudget(), services: With(notifier));
        var first = await host.Manager.CreateAsync(Payment(45.00m));
        Assert.Equal(HumanRequestStatus.Pending, first.Status); // above the rule's 20.00

        var approved = await host.Manager.ApproveAsync(first.Id, "telegram:1");

        // 90 %: the 80 % alert, recorded on the request that reached it.
        Assert.Equal([80], approved.BudgetAlerts.Select(a => a.Percent));
        var second = await host.Manager.CreateAsync(Payment(6.00m));
        Assert.Equal(HumanRequestStatus.Pending, second.Status); // 5.00 left: the running cap holds it back
        var third = await host.Manager.ApproveAsync(second.Id, "telegram:1");
        Assert.Equal([100], third.BudgetAlerts.Select(a => a.Percent));
        var fourth = await host.Manager.ApproveAsync((await host.Manager.CreateAsync(Payment(1.00m))).Id, "telegram:1");
        Assert.Empty(fourth.BudgetAlerts);

        await Poll.UntilAsync(() => Alerts(notifier).Length == 2, "both alerts");
        Assert.Equal([80, 100], Alerts(notifier).Select(a => a.Percent));
    }

    [Fact]
    public async Task CreateAsync_ConcurrentCreates_NeverApprovePastTheBudget()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, configure: PaymentsBudget(), runHostedServices: false);

        var created = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => host.Manager.CreateAsync(Payment(19.99m, $"Dominio {i}")))));

        Assert.Equal(2, created.Count(r => r.Status == HumanRequestStatus.Approved));
        Assert.Equal(6, created.Count(r => r.Status == HumanRequestStatus.Pending));
    }

    [Fact]
    public async Task CreateAsync_OverallBudget_CapsEveryType()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, configure: o =>
        {
            o.Budgets.Monthly = 30.00m;
            o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "cheap", MaxCost = 20.00m });
        }, runHostedServices: false);

        var a = await host.Manager.CreateAsync(Payment(15.00m));
        var b = await host.Manager.CreateAsync(Requests.Design() with { EstimatedCost = 15.00m });
        var c = await host.Manager.CreateAsync(Payment(0.01m));

        Assert.Equal([HumanRequestStatus.Approved, HumanRequestStatus.Approved, HumanRequestStatus.Pending], new[] { a.Status, b.Status, c.Status });
        Assert.Equal([(null, 80), (null, 100)], b.BudgetAlerts.Select(x => (x.Type, x.Percent)));
    }

    [Fact]
    public async Task GetBudgetAsync_SpendByTheMonthItWasSpent_AgainstTheLimits()
    {
        using var dir = new TempDirectory();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(dir.Path, clock, o =>
        {
            o.Budgets.Monthly = 100m;
            o.Budgets.ByType[HumanRequestType.Payment] = 50m;
        }, runHostedServices: false);

        // Created and approved in October, completed (actually paid) in November.
        var october = await host.Manager.CreateAsync(Payment(10m));
        await host.Manager.ApproveAsync(october.Id, "cli");
        var committed = await host.Manager.CreateAsync(Requests.Design() with { EstimatedCost = 7m });
        await host.Manager.ApproveAsync(committed.Id, "cli");
        var rejected = await host.Manager.CreateAsync(Payment(99m));
        await host.Manager.RejectAsync(rejected.Id, "cli");
        clock.Advance(TimeSpan.FromDays(3));
        await host.Manager.CompleteAsync(october.Id, 12.50m, "cli");

        var budget = await host.Manager.GetBudgetAsync();

        var months = budget.Spend.Select(m => (m.Year, m.Month, m.Total)).ToArray();
        Assert.Equal([(2026, 10, 7m), (2026, 11, 12.50m)], months);
        Assert.Equal(7m, budget.Spend[0].ByType[HumanRequestType.DesignDecision]);
        Assert.Equal(12.50m, budget.Spend[1].ByType[HumanRequestType.Payment]);
        var overall = budget.CurrentMonth[0];
        Assert.Equal((2026, 11, (HumanRequestType?)null, (decimal?)100m, 12.50m, (decimal?)87.50m, (decimal?)12.5m), (overall.Year, overall.Month, overall.Type, overall.Limit, overall.Spent, overall.Remaining, overall.Percent));
        var payments = Assert.Single(budget.CurrentMonth, l => l.Type == HumanRequestType.Payment);
        Assert.Equal(((decimal?)50m, 12.50m, (decimal?)25.0m), (payments.Limit, payments.Spent, payments.Percent));
        Assert.Equal(100m, budget.MonthlyLimit);
        Assert.Equal(50m, budget.TypeLimits[HumanRequestType.Payment]);
    }
}
