using D8.HumanRequests.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>Owner alerts through the real registrations, the JSON store in a temp directory and the background
/// service on a fake clock.</summary>
public sealed class OwnerAlertOutboxTests
{
    private static readonly NewOwnerAlert Down = new("slave", "down", "pc-1", "Slave pc-1: down (Healthy -> Unhealthy)")
    {
        Fields = new Dictionary<string, string> { ["previous_status"] = "Healthy", ["current_status"] = "Unhealthy" },
    };

    private static Action<IServiceCollection> With(params IOwnerAlertNotifier[] notifiers) => services =>
    {
        foreach (var notifier in notifiers)
        {
            services.AddSingleton(notifier);
        }
    };

    [Fact]
    public async Task RaiseAsync_TwoNotifiers_EachReceivesItOnceAndItIsMarkedDelivered()
    {
        using var dir = new TempDirectory();
        var first = new RecordingAlertNotifier();
        var second = new SecondAlertNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(first, second));

        var raised = await host.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(Down, CancellationToken.None);

        await Poll.UntilAsync(async () => (await Alerts(host)).Single().Delivered, "the alert to be marked delivered");
        var delivered = Assert.Single(first.Delivered);
        Assert.Equal((raised.Id, "slave", "down", "pc-1"), (delivered.Id, delivered.Source, delivered.Kind, delivered.Subject));
        Assert.Equal("Unhealthy", delivered.Fields["current_status"]);
        Assert.Equal(host.Time.GetUtcNow(), delivered.CreatedAt);
        Assert.Single(second.Delivered);
        Assert.Equal([typeof(RecordingAlertNotifier).FullName!, typeof(SecondAlertNotifier).FullName!], (await Alerts(host)).Single().DeliveredTo);
    }

    [Fact]
    public async Task RaiseAsync_OneNotifierFailingTwice_RetriedWithBackoffTheOtherNotAskedAgain()
    {
        using var dir = new TempDirectory();
        var failing = new RecordingAlertNotifier(failures: 2);
        var other = new SecondAlertNotifier();
        await using var host = await TestHost.StartAsync(dir.Path, services: With(failing, other));
        var start = host.Time.GetUtcNow();

        await host.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(Down, CancellationToken.None);
        await Poll.UntilAsync(async () => (await Alerts(host)).Single().Attempts == 1, "the first failed round to be saved");

        var afterOne = (await Alerts(host)).Single();
        Assert.Equal((false, start + TimeSpan.FromSeconds(10)), (afterOne.Delivered, afterOne.NextAttemptAt));
        Assert.Contains("Telegram is down (simulated)", afterOne.LastError, StringComparison.Ordinal);
        Assert.Equal([typeof(SecondAlertNotifier).FullName!], afterOne.DeliveredTo);

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(async () => (await Alerts(host)).Single().Attempts == 2, "the second failed round");
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromSeconds(20), (await Alerts(host)).Single().NextAttemptAt);
        host.Time.Advance(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(async () => (await Alerts(host)).Single().Delivered, "the alert to be delivered");

        Assert.Equal(3, failing.Calls);
        Assert.Single(failing.Delivered);
        Assert.Equal(1, other.Calls);
    }

    [Fact]
    public async Task RaiseAsync_NotifierDownUntilARestart_DeliveredOnceByTheNextHost()
    {
        using var dir = new TempDirectory();
        var clock = TestHost.NewClock();
        var down = new RecordingAlertNotifier(failures: int.MaxValue);
        await using (var first = await TestHost.StartAsync(dir.Path, clock, services: With(down)))
        {
            await first.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(Down, CancellationToken.None);
            await Poll.UntilAsync(async () => (await Alerts(first)).Single().Attempts == 1, "the failed round to be saved");
        }

        var back = new RecordingAlertNotifier();
        await using var second = await TestHost.StartAsync(dir.Path, clock, services: With(back));
        clock.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(async () => (await Alerts(second)).Single().Delivered, "the alert to be delivered after the restart");

        Assert.Equal("pc-1", Assert.Single(back.Delivered).Subject);
        Assert.Empty(down.Delivered);
    }

    [Fact]
    public async Task RaiseAsync_EmptySubject_FailsNamingTheFieldAndStoresNothing()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await host.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(Down with { Subject = " " }, CancellationToken.None));

        Assert.Equal("alert", error.ParamName);
        Assert.Contains("Subject", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Alerts(host));
    }

    private static ValueTask<IReadOnlyList<OwnerAlert>> Alerts(TestHost host) =>
        host.Services.GetRequiredService<IHumanRequestStore>().GetAlertsAsync(CancellationToken.None);
}
