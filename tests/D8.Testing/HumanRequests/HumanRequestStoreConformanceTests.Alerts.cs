using D8.HumanRequests;
using Xunit;

namespace D8.Testing.HumanRequests;

/// <summary>The owner alerts' outbox of a store: add, list, update one, prune the delivered ones, seen by another
/// instance and kept apart from the requests.</summary>
public abstract partial class HumanRequestStoreConformanceTests
{
    private static readonly DateTimeOffset AlertTime = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddAlertAsync_TwoAlerts_ReadBackWholeByAnotherInstanceInCreationOrder()
    {
        var store = Open();
        var first = Alert("a1") with { Fields = new Dictionary<string, string> { ["previous_status"] = "Healthy", ["detail"] = "connection <refused> & ✓" } };

        Assert.True(await store.AddAlertAsync(first, CancellationToken.None));
        Assert.True(await store.AddAlertAsync(Alert("a2", subject: "vps"), CancellationToken.None));

        var read = await Open().GetAlertsAsync(CancellationToken.None);
        Assert.Equal(["a1", "a2"], read.Select(a => a.Id));
        var a1 = read[0];
        Assert.Equal(("slave", "down", "pc-1", "Slave pc-1: down"), (a1.Source, a1.Kind, a1.Subject, a1.Text));
        Assert.Equal(AlertTime, a1.CreatedAt);
        Assert.Equal("connection <refused> & ✓", a1.Fields["detail"]);
        Assert.Equal("Healthy", a1.Fields["previous_status"]);
        Assert.Equal(2, a1.Fields.Count);
        Assert.False(a1.Delivered);
        Assert.Equal("vps", read[1].Subject);
    }

    [Fact]
    public async Task AddAlertAsync_SameIdTwice_SecondIsRefusedAndNothingChanges()
    {
        var store = Open();
        Assert.True(await store.AddAlertAsync(Alert("a1"), CancellationToken.None));

        Assert.False(await store.AddAlertAsync(Alert("a1", subject: "other"), CancellationToken.None));

        Assert.Equal("pc-1", Assert.Single(await store.GetAlertsAsync(CancellationToken.None)).Subject);
    }

    [Fact]
    public async Task AddAlertAsync_WithRequests_RequestsAndCounterUntouched()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "t"), CancellationToken.None);

        await store.AddAlertAsync(Alert("a1"), CancellationToken.None);

        var other = Open();
        Assert.Equal(1, await other.GetCounterAsync(CancellationToken.None));
        Assert.Equal("t", Assert.Single(await other.QueryAsync(null, CancellationToken.None)).Title);
        Assert.Empty(await other.GetUndeliveredNotificationsAsync(CancellationToken.None));
        Assert.Single(await other.GetUndeliveredAlertsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAlertAsync_DeliveryState_SavedAndOnlyUndeliveredListed()
    {
        var store = Open();
        await store.AddAlertAsync(Alert("a1"), CancellationToken.None);
        await store.AddAlertAsync(Alert("a2"), CancellationToken.None);
        await store.AddAlertAsync(Alert("a3"), CancellationToken.None);
        var retryAt = AlertTime.AddSeconds(20);

        var failed = await store.UpdateAlertAsync("a1", a => a with { Attempts = 2, NextAttemptAt = retryAt, DeliveredTo = ["N1"], LastError = "N2: 500" }, CancellationToken.None);
        await Open().UpdateAlertAsync("a2", a => a with { Delivered = true, DeliveredTo = ["N1", "N2"] }, CancellationToken.None);

        Assert.Equal(2, failed!.Attempts);
        var undelivered = await Open().GetUndeliveredAlertsAsync(CancellationToken.None);
        Assert.Equal(["a1", "a3"], undelivered.Select(a => a.Id));
        Assert.Equal((2, (DateTimeOffset?)retryAt, "N2: 500"), (undelivered[0].Attempts, undelivered[0].NextAttemptAt, undelivered[0].LastError));
        Assert.Equal(["N1"], undelivered[0].DeliveredTo);
        var delivered = Assert.Single(await store.GetAlertsAsync(CancellationToken.None), a => a.Delivered);
        Assert.Equal(["N1", "N2"], delivered.DeliveredTo);
    }

    [Fact]
    public async Task UpdateAlertAsync_UnknownIdOrCallbackThrowsOrReturnsItsArgument_NothingChanges()
    {
        var store = Open();
        await store.AddAlertAsync(Alert("a1"), CancellationToken.None);

        Assert.Null(await store.UpdateAlertAsync("nope", a => a with { Delivered = true }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAlertAsync("a1", _ => throw new InvalidOperationException("no"), CancellationToken.None));
        var same = await store.UpdateAlertAsync("a1", a => a, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAlertAsync("a1", a => a with { Id = "other" }, CancellationToken.None));

        Assert.Equal("a1", same!.Id);
        var kept = Assert.Single(await Open().GetAlertsAsync(CancellationToken.None));
        Assert.Equal(("a1", false, 0), (kept.Id, kept.Delivered, kept.Attempts));
    }

    [Fact]
    public async Task UpdateAlertAsync_MoreDeliveredThanKept_OldestDeliveredPrunedUndeliveredKept()
    {
        var store = Open();
        var total = OwnerAlert.DeliveredKept + 5;
        for (var i = 0; i < total; i++)
        {
            await store.AddAlertAsync(Alert($"a{i:D3}"), CancellationToken.None);
        }

        // a000 stays undelivered; every other alert is delivered, oldest first.
        for (var i = 1; i < total; i++)
        {
            await store.UpdateAlertAsync($"a{i:D3}", a => a with { Delivered = true }, CancellationToken.None);
        }

        var kept = await Open().GetAlertsAsync(CancellationToken.None);
        Assert.Equal(OwnerAlert.DeliveredKept + 1, kept.Count);
        Assert.Equal("a000", kept[0].Id);
        Assert.False(kept[0].Delivered);
        Assert.Equal($"a{total - OwnerAlert.DeliveredKept:D3}", kept[1].Id);
        Assert.Equal($"a{total - 1:D3}", kept[^1].Id);
        Assert.Equal(["a000"], (await store.GetUndeliveredAlertsAsync(CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    public async Task AddAlertAsync_ThroughAnotherInstance_FiresTheChangeSignal()
    {
        var writer = Open();
        var watcher = Open();
        await watcher.GetCounterAsync(CancellationToken.None);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = watcher.WatchChanges().RegisterChangeCallback(_ => fired.TrySetResult(), null);

        await writer.AddAlertAsync(Alert("a1"), CancellationToken.None);

        await fired.Task.WaitAsync(Poll.DefaultTimeout);
    }

    private static OwnerAlert Alert(string id, string subject = "pc-1") => new()
    {
        Id = id,
        Source = "slave",
        Kind = "down",
        Subject = subject,
        Text = $"Slave {subject}: down",
        CreatedAt = AlertTime,
    };
}
