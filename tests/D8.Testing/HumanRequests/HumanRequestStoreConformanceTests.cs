using D8.HumanRequests;
using Xunit;

namespace D8.Testing.HumanRequests;

/// <summary>
/// What every <see cref="IHumanRequestStore"/> must do, whatever it stores in: each store's test project derives from
/// this class (the JSON file store today, PostgreSQL next), so a new store proves the same behaviour: ids never reused,
/// concurrent creates from two instances, updates of one record, the outbox and postponement queries, the change
/// signal across instances.
/// </summary>
public abstract partial class HumanRequestStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly List<IHumanRequestStore> _opened = [];

    /// <summary>Opens another instance over the same backing store (the same file, the same database), as a second
    /// process would.</summary>
    /// <returns>The new instance.</returns>
    protected abstract IHumanRequestStore OpenStore();

    /// <summary>Tracks and returns a new instance.</summary>
    protected IHumanRequestStore Open()
    {
        var store = OpenStore();
        _opened.Add(store);
        return store;
    }

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            if (store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    [Fact]
    public async Task CreateAsync_ThreeRequests_IdsFromReq0001AndCounterThree()
    {
        var store = Open();
        Assert.Equal(0, await store.GetCounterAsync(CancellationToken.None));

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await store.CreateAsync(id => Request(id, $"t{i}"), CancellationToken.None)).Id);
        }

        Assert.Equal(["req-0001", "req-0002", "req-0003"], ids);
        Assert.Equal(3, await store.GetCounterAsync(CancellationToken.None));
        Assert.Equal("t1", (await store.GetAsync("req-0002", CancellationToken.None))!.Title);
        Assert.Null(await store.GetAsync("req-0004", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_CallbackThrows_NoIdConsumed()
    {
        var store = Open();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.CreateAsync(_ => throw new InvalidOperationException("no"), CancellationToken.None));

        Assert.Equal("req-0001", (await store.CreateAsync(id => Request(id, "a"), CancellationToken.None)).Id);
        Assert.Equal(1, await store.GetCounterAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_TwoInstancesFiftyEachConcurrently_HundredDistinctIdsCounterHundred()
    {
        var first = Open();
        var second = Open();

        var created = await Task.WhenAll(
            Task.Run(() => CreateManyAsync(first, "a", 50)),
            Task.Run(() => CreateManyAsync(second, "b", 50)));

        var ids = created.SelectMany(c => c).ToList();
        Assert.Equal(100, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"req-{n:D4}"), ids.Order(StringComparer.Ordinal));
        Assert.Equal(100, await Open().GetCounterAsync(CancellationToken.None));
        Assert.Equal(100, (await Open().QueryAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task QueryAsync_Filter_MatchingInCreationOrder()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "a") with { Type = HumanRequestType.Payment }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "b") with { Type = HumanRequestType.ApiAccount, CreatedBy = "Other" }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "c") with { Type = HumanRequestType.Payment, Status = HumanRequestStatus.Approved }, CancellationToken.None);

        Assert.Equal(["a", "b", "c"], (await store.QueryAsync(null, CancellationToken.None)).Select(r => r.Title));
        Assert.Equal(["a", "c"], (await store.QueryAsync(new HumanRequestFilter { Type = HumanRequestType.Payment }, CancellationToken.None)).Select(r => r.Title));
        Assert.Equal(["b"], (await store.QueryAsync(new HumanRequestFilter { CreatedBy = "other" }, CancellationToken.None)).Select(r => r.Title));
        Assert.Equal(["a", "b"], (await store.QueryAsync(new HumanRequestFilter { Status = HumanRequestStatus.Pending }, CancellationToken.None)).Select(r => r.Title));
    }

    [Fact]
    public async Task UpdateAsync_OneRecord_SavedAndReadBackByAnotherInstance()
    {
        var store = Open();
        var created = await store.CreateAsync(id => Request(id, "a"), CancellationToken.None);

        var saved = await store.UpdateAsync(created.Id, r => r with { Status = HumanRequestStatus.Approved, ApprovedAt = Now, Notes = "Aprobado por Leo" }, CancellationToken.None);

        Assert.Equal(HumanRequestStatus.Approved, saved!.Status);
        var read = await Open().GetAsync(created.Id, CancellationToken.None);
        Assert.Equal((HumanRequestStatus.Approved, "Aprobado por Leo", (DateTimeOffset?)Now), (read!.Status, read.Notes, read.ApprovedAt));
        Assert.Null(await store.UpdateAsync("req-0099", r => r with { Title = "x" }, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAndUpdate_ExpiryAndReminder_RoundTripThroughAnotherInstance()
    {
        var store = Open();
        var expiresAt = new DateTimeOffset(2026, 3, 10, 11, 30, 15, 123, TimeSpan.FromHours(2));
        var created = await store.CreateAsync(id => Request(id, "a") with { ExpiresAt = expiresAt }, CancellationToken.None);
        Assert.Equal(expiresAt, (await Open().GetAsync(created.Id, CancellationToken.None))!.ExpiresAt);

        await store.UpdateAsync(
            created.Id,
            r => r with
            {
                ExpiryRemindedAt = Now,
                Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.ExpiryReminder },
            },
            CancellationToken.None);

        var read = await Open().GetAsync(created.Id, CancellationToken.None);
        Assert.Equal(
            ((DateTimeOffset?)expiresAt, (DateTimeOffset?)Now, HumanRequestNotificationKind.ExpiryReminder, false),
            (read!.ExpiresAt, read.ExpiryRemindedAt, read.Notification!.Kind, read.Notification.Notified));
    }

    [Fact]
    public async Task UpdateAsync_SentMessagesAndDecidedNotification_RoundTripThroughAnotherInstance()
    {
        var store = Open();
        var created = await store.CreateAsync(id => Request(id, "a"), CancellationToken.None);
        HumanRequestSentMessage[] sent =
        [
            new("telegram", "111111", "42", Now),
            new("telegram", "-100500", "7", Now.AddSeconds(1)),
            new("mail", "owner@example.com", "<id@example.com>", Now.AddSeconds(2)),
        ];

        await store.UpdateAsync(
            created.Id,
            r => r with
            {
                SentMessages = sent,
                Notification = new HumanRequestNotificationState
                {
                    Kind = HumanRequestNotificationKind.Decided,
                    BudgetAlerts = [new HumanRequestBudgetAlert(HumanRequestType.Payment, 2026, 3, 80, 50m, 40m, Now)],
                },
            },
            CancellationToken.None);

        var read = await Open().GetAsync(created.Id, CancellationToken.None);
        Assert.Equal(sent, read!.SentMessages);
        Assert.Equal(HumanRequestNotificationKind.Decided, read.Notification!.Kind);
        Assert.Equal(80, Assert.Single(read.Notification.BudgetAlerts).Percent);
        Assert.Empty((await store.CreateAsync(id => Request(id, "b"), CancellationToken.None)).SentMessages);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentUpdatesOfTwoRecordsFromTwoInstances_NoneLost()
    {
        var first = Open();
        var second = Open();
        var a = await first.CreateAsync(id => Request(id, "a"), CancellationToken.None);
        var b = await first.CreateAsync(id => Request(id, "b"), CancellationToken.None);

        await Task.WhenAll(
            Task.Run(() => BumpAsync(first, a.Id, 20)),
            Task.Run(() => BumpAsync(second, b.Id, 20)),
            Task.Run(() => BumpAsync(second, a.Id, 20)));

        var fresh = Open();
        Assert.Equal("a" + new string('+', 40), (await fresh.GetAsync(a.Id, CancellationToken.None))!.Title);
        Assert.Equal("b" + new string('+', 20), (await fresh.GetAsync(b.Id, CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task UpdateAsync_CallbackThrowsOrReturnsItsArgument_NothingChanges()
    {
        var store = Open();
        var created = await store.CreateAsync(id => Request(id, "a"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAsync(created.Id, _ => throw new InvalidOperationException("no"), CancellationToken.None));
        var same = await store.UpdateAsync(created.Id, r => r, CancellationToken.None);

        Assert.Equal("a", same!.Title);
        Assert.Equal("a", (await Open().GetAsync(created.Id, CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task GetUndeliveredNotificationsAsync_MixedStates_OnlyNotNotified()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "queued") with { Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New } }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "delivered") with { Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New, Notified = true } }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "none"), CancellationToken.None);
        await store.CreateAsync(id => Request(id, "retry") with { Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.DueAgain, Attempts = 2, NextAttemptAt = Now.AddHours(1), DeliveredTo = ["x"] } }, CancellationToken.None);

        var undelivered = await store.GetUndeliveredNotificationsAsync(CancellationToken.None);

        Assert.Equal(["queued", "retry"], undelivered.Select(r => r.Title));
        var retry = undelivered[1].Notification!;
        Assert.Equal((2, (DateTimeOffset?)Now.AddHours(1), "x"), (retry.Attempts, retry.NextAttemptAt, Assert.Single(retry.DeliveredTo)));
    }

    [Fact]
    public async Task GetPostponedAsync_MixedStatuses_PostponedSoonestFirst()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "later") with { Status = HumanRequestStatus.Postponed, PostponedUntil = Now.AddHours(5) }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "pending"), CancellationToken.None);
        await store.CreateAsync(id => Request(id, "sooner") with { Status = HumanRequestStatus.Postponed, PostponedUntil = Now.AddHours(1) }, CancellationToken.None);

        Assert.Equal(["sooner", "later"], (await store.GetPostponedAsync(CancellationToken.None)).Select(r => r.Title));
    }

    [Fact]
    public async Task GetBudgetAsync_Requests_TotalsPerTypeAndMonthWithoutRejected()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "a") with { EstimatedCost = 10m, ActualCost = 12.5m }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "b") with { EstimatedCost = 5m, Type = HumanRequestType.ApiAccount, CreatedAt = Now.AddMonths(1) }, CancellationToken.None);
        await store.CreateAsync(id => Request(id, "c") with { EstimatedCost = 100m, Status = HumanRequestStatus.Rejected }, CancellationToken.None);

        var budget = await store.GetBudgetAsync(TimeZoneInfo.Utc, CancellationToken.None);

        Assert.Equal(new HumanRequestCostTotals(2, 15m, 12.5m), budget.Total);
        Assert.Equal(new HumanRequestCostTotals(1, 10m, 12.5m), budget.ByType[HumanRequestType.Payment]);
        Assert.Equal(
            [new HumanRequestMonthlyCost(2026, 3, new HumanRequestCostTotals(1, 10m, 12.5m)), new HumanRequestMonthlyCost(2026, 4, new HumanRequestCostTotals(1, 5m, 0m))],
            budget.ByMonth);
    }

    [Fact]
    public async Task WatchChanges_ChangeThroughTheSameInstance_Fires()
    {
        var store = Open();
        var created = await store.CreateAsync(id => Request(id, "a"), CancellationToken.None);
        var token = store.WatchChanges();

        await store.UpdateAsync(created.Id, r => r with { Title = "b" }, CancellationToken.None);

        await Poll.UntilAsync(() => token.HasChanged, "the change token of the writing instance");
    }

    [Fact]
    public async Task WatchChanges_ChangeThroughAnotherInstance_Fires()
    {
        var watcher = Open();
        var writer = Open();
        var created = await writer.CreateAsync(id => Request(id, "a"), CancellationToken.None);
        Assert.NotNull(await watcher.GetAsync(created.Id, CancellationToken.None));
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = watcher.WatchChanges().RegisterChangeCallback(_ => fired.TrySetResult(), null);

        await writer.UpdateAsync(created.Id, r => r with { Status = HumanRequestStatus.Approved }, CancellationToken.None);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HumanRequestStatus.Approved, (await watcher.GetAsync(created.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ReplaceAllAsync_ContentAndCounter_ReplacedReadByAnotherInstanceAndIdsContinueAfterTheCounter()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "old"), CancellationToken.None);
        var transfer = Assert.IsAssignableFrom<IHumanRequestStoreTransfer>(store);

        await transfer.ReplaceAllAsync(9, [Request("req-0007", "seven"), Request("req-0003", "three") with { Status = HumanRequestStatus.Approved, ApprovedAt = Now }], CancellationToken.None);

        var fresh = Open();
        Assert.Equal(9, await fresh.GetCounterAsync(CancellationToken.None));
        Assert.Equal(["seven", "three"], (await fresh.QueryAsync(null, CancellationToken.None)).Select(r => r.Title));
        Assert.Null(await fresh.GetAsync("req-0001", CancellationToken.None));
        Assert.Equal(Now, (await fresh.GetAsync("req-0003", CancellationToken.None))!.ApprovedAt);
        Assert.Equal("req-0010", (await fresh.CreateAsync(id => Request(id, "next"), CancellationToken.None)).Id);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await transfer.ReplaceAllAsync(-1, [], CancellationToken.None));
    }

    /// <summary>A valid pending request with the given id.</summary>
    protected static HumanRequest Request(string id, string title) => new()
    {
        Id = id,
        Type = HumanRequestType.Payment,
        Title = title,
        CreatedAt = Now,
        CreatedBy = "conformance",
        History = [new HumanRequestHistoryEntry(Now, "conformance", HumanRequestAction.Create, null, HumanRequestStatus.Pending, "a note")],
    };

    private static async Task<List<string>> CreateManyAsync(IHumanRequestStore store, string prefix, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await store.CreateAsync(id => Request(id, $"{prefix}{i}"), CancellationToken.None)).Id);
        }

        return ids;
    }

    private static async Task BumpAsync(IHumanRequestStore store, string id, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await store.UpdateAsync(id, r => r with { Title = r.Title + "+" }, CancellationToken.None);
        }
    }
}
