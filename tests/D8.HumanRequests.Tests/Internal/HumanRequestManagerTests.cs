using D8.HumanRequests.Tests.Support;
using D8.Testing;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestManagerTests
{
    public static TheoryData<HumanRequestStatus, HumanRequestAction, HumanRequestStatus> AllowedTransitions => new()
    {
        { HumanRequestStatus.Pending, HumanRequestAction.Approve, HumanRequestStatus.Approved },
        { HumanRequestStatus.Pending, HumanRequestAction.Reject, HumanRequestStatus.Rejected },
        { HumanRequestStatus.Pending, HumanRequestAction.Postpone, HumanRequestStatus.Postponed },
        { HumanRequestStatus.Pending, HumanRequestAction.Cancel, HumanRequestStatus.Cancelled },
        { HumanRequestStatus.Postponed, HumanRequestAction.Approve, HumanRequestStatus.Approved },
        { HumanRequestStatus.Postponed, HumanRequestAction.Reject, HumanRequestStatus.Rejected },
        { HumanRequestStatus.Postponed, HumanRequestAction.Cancel, HumanRequestStatus.Cancelled },
        { HumanRequestStatus.Approved, HumanRequestAction.Complete, HumanRequestStatus.Completed },
        { HumanRequestStatus.Approved, HumanRequestAction.Cancel, HumanRequestStatus.Cancelled },
    };

    /// <summary>Every status × every action a caller can attempt, minus the nine allowed ones.</summary>
    public static TheoryData<HumanRequestStatus, HumanRequestAction> DisallowedTransitions
    {
        get
        {
            var allowed = AllowedTransitions.Select(row => ((HumanRequestStatus)row[0], (HumanRequestAction)row[1])).ToHashSet();
            var data = new TheoryData<HumanRequestStatus, HumanRequestAction>();
            foreach (var status in Enum.GetValues<HumanRequestStatus>())
            {
                foreach (var action in CallerActions)
                {
                    if (!allowed.Contains((status, action)))
                    {
                        data.Add(status, action);
                    }
                }
            }

            return data;
        }
    }

    private static HumanRequestAction[] CallerActions =>
        [HumanRequestAction.Approve, HumanRequestAction.Reject, HumanRequestAction.Postpone, HumanRequestAction.Complete, HumanRequestAction.Cancel];

    [Fact]
    public void DisallowedTransitions_CoverEveryOtherPair()
    {
        Assert.Equal((6 * 5) - 9, DisallowedTransitions.Count);
    }

    [Fact]
    public async Task CreateAsync_EmptyStore_AssignsSequentialIdsAndRecordsCreation()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var first = await host.Manager.CreateAsync(Requests.Domain() with { Note = "found by the niche scan" });
        var second = await host.Manager.CreateAsync(Requests.Design());

        Assert.Equal("req-0001", first.Id);
        Assert.Equal("req-0002", second.Id);
        Assert.Equal(HumanRequestStatus.Pending, first.Status);
        Assert.Equal(host.Time.GetUtcNow(), first.CreatedAt);
        Assert.Equal(string.Empty, first.Notes);
        Assert.Equal(
            new HumanRequestHistoryEntry(host.Time.GetUtcNow(), "NicheDiscovery", HumanRequestAction.Create, null, HumanRequestStatus.Pending, "found by the niche scan"),
            Assert.Single(first.History));
        Assert.Equal(new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New }.Kind, first.Notification!.Kind);
        Assert.False(first.Notification.Notified);
    }

    [Fact]
    public async Task CreateAsync_AfterRestart_NeverReusesAnId()
    {
        using var dir = new TempDirectory();
        await using (var host = await TestHost.StartAsync(dir.Path, runHostedServices: false))
        {
            await host.Manager.CreateAsync(Requests.Domain());
            var second = await host.Manager.CreateAsync(Requests.Domain());
            await host.Manager.CancelAsync(second.Id, "cli");
        }

        await using var restarted = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var third = await restarted.Manager.CreateAsync(Requests.Domain());

        Assert.Equal("req-0003", third.Id);
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public async Task Transition_Allowed_ChangesStatusAndRecordsActorTimeNote(HumanRequestStatus from, HumanRequestAction action, HumanRequestStatus to)
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await BringToAsync(host, from);
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var changed = await ActAsync(host.Manager, request.Id, action, "telegram:123456", "nota");

        Assert.Equal(to, changed.Status);
        Assert.Equal(
            new HumanRequestHistoryEntry(host.Time.GetUtcNow(), "telegram:123456", action, from, to, "nota"),
            changed.History[^1]);
        Assert.EndsWith(" por telegram:123456: nota", changed.Notes, StringComparison.Ordinal);
        Assert.Equal(changed, await host.Manager.GetAsync(request.Id));
        await using var reread = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        Assert.Equal(to, (await reread.Manager.GetAsync(request.Id)).Status);
    }

    [Theory]
    [MemberData(nameof(DisallowedTransitions))]
    public async Task Transition_Disallowed_ThrowsNamingRequestStatusAndActionAndLeavesFileUnchanged(HumanRequestStatus from, HumanRequestAction action)
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await BringToAsync(host, from);
        var before = await File.ReadAllBytesAsync(host.FilePath);

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() => ActAsync(host.Manager, request.Id, action, "cli", "x"));

        Assert.Equal((request.Id, from, action), (ex.RequestId, ex.CurrentStatus, ex.Action));
        Assert.Contains(request.Id, ex.Message, StringComparison.Ordinal);
        Assert.Contains(from.ToWireName(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(action.ToWireName(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(host.FilePath));
        Assert.Equal(from, (await host.Manager.GetAsync(request.Id)).Status);
    }

    [Fact]
    public async Task ApproveAsync_TwoConcurrentApprovals_ExactlyOneWins()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());
        using var start = new Barrier(2);

        var attempts = new[] { "telegram:1", "telegram:2" }.Select(actor => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await host.Manager.ApproveAsync(request.Id, actor);
        })).ToArray();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                return (Won: await t, Lost: (InvalidTransitionException?)null);
            }
            catch (InvalidTransitionException ex)
            {
                return (Won: (HumanRequest?)null, Lost: ex);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won is not null).Won!;
        var loser = Assert.Single(outcomes, o => o.Lost is not null).Lost!;
        Assert.Equal((request.Id, HumanRequestStatus.Approved, HumanRequestAction.Approve), (loser.RequestId, loser.CurrentStatus, loser.Action));
        var stored = await host.Manager.GetAsync(request.Id);
        Assert.Single(stored.History, h => h.Action == HumanRequestAction.Approve);
        Assert.Equal(winner.History[^1].Actor, stored.History[^1].Actor);
    }

    [Fact]
    public async Task ApproveAsync_TwoManagersOverTheSameFile_ExactlyOneWinsAndNothingIsLost()
    {
        // Two hosts over one data directory stand for two processes (the master and the CLI).
        using var dir = new TempDirectory();
        await using var first = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        await using var second = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await first.Manager.CreateAsync(Requests.Domain());
        var other = await second.Manager.CreateAsync(Requests.Design());
        using var start = new Barrier(2);

        var results = await Task.WhenAll(new[] { first, second }.Select(host => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await host.Manager.ApproveAsync(request.Id, host == first ? "telegram:1" : "cli");
                return true;
            }
            catch (InvalidTransitionException)
            {
                return false;
            }
        })));

        Assert.Single(results, won => won);
        Assert.Equal("req-0002", other.Id);
        await using var reread = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var all = await reread.Manager.ListAsync();
        Assert.Equal(["req-0001", "req-0002"], all.Select(r => r.Id));
        Assert.Equal(HumanRequestStatus.Approved, all[0].Status);
    }

    public static TheoryData<string, NewHumanRequest> InvalidRequests => new()
    {
        { "Title", Requests.Domain() with { Title = "" } },
        { "Title", Requests.Domain() with { Title = "   " } },
        { "Title", Requests.Domain() with { Title = new string('x', 201) } },
        { "Description", Requests.Domain() with { Description = new string('x', NewHumanRequest.MaxDescriptionLength + 1) } },
        { "Priority", Requests.Domain() with { Priority = 0 } },
        { "Priority", Requests.Domain() with { Priority = 11 } },
        { "EstimatedCost", Requests.Domain() with { EstimatedCost = -0.01m } },
        { "CreatedBy", Requests.Domain() with { CreatedBy = "" } },
        { "Type", Requests.Domain() with { Type = (HumanRequestType)42 } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task CreateAsync_InvalidField_ThrowsNamingTheFieldAndWritesNothing(string field, NewHumanRequest request)
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var ex = await Assert.ThrowsAsync<HumanRequestValidationException>(() => host.Manager.CreateAsync(request));

        Assert.Equal(field, ex.Field);
        Assert.Equal(field, ex.ParamName);
        Assert.StartsWith(field, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(host.FilePath));
    }

    [Fact]
    public async Task CreateAsync_TitleOf200Characters_IsAccepted()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var created = await host.Manager.CreateAsync(Requests.Domain() with { Title = new string('x', 200), Priority = 10, EstimatedCost = 0m });

        Assert.Equal(200, created.Title.Length);
    }

    [Fact]
    public async Task CompleteAsync_NegativeActualCost_ThrowsNamingTheField()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await BringToAsync(host, HumanRequestStatus.Approved);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Manager.CompleteAsync(request.Id, -1m, "cli"));

        Assert.Equal("actualCost", ex.ParamName);
    }

    [Fact]
    public async Task CompleteAsync_WithCostAndNote_KeepsOldStyleNotes()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());
        await host.Manager.ApproveAsync(request.Id, "Leo");

        var completed = await host.Manager.CompleteAsync(request.Id, 12.99m, "Leo", "Comprado en Namecheap con PayPal");

        Assert.Equal("Aprobado por Leo\nCompletado por Leo: Comprado en Namecheap con PayPal", completed.Notes);
        Assert.Equal(12.99m, completed.ActualCost);
        Assert.Equal(host.Time.GetUtcNow(), completed.CompletedAt);
    }

    [Fact]
    public async Task PostponeAsync_TimeNotInTheFuture_Throws()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Manager.PostponeAsync(request.Id, host.Time.GetUtcNow(), "cli"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Manager.PostponeAsync(request.Id, TimeSpan.Zero, "cli"));
        var postponed = await host.Manager.PostponeAsync(request.Id, TimeSpan.FromHours(2), "cli");
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromHours(2), postponed.PostponedUntil);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ThrowsNotFoundNamingTheId()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var ex = await Assert.ThrowsAsync<HumanRequestNotFoundException>(() => host.Manager.GetAsync("req-0042"));
        var onApprove = await Assert.ThrowsAsync<HumanRequestNotFoundException>(() => host.Manager.ApproveAsync("req-0042", "cli"));

        Assert.Equal("req-0042", ex.RequestId);
        Assert.Contains("req-0042", onApprove.Message, StringComparison.Ordinal);
        Assert.Null(await host.Manager.FindAsync("req-0042"));
    }

    [Fact]
    public async Task ListAsync_Filters_ByStatusTypeAndCreator()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var a = await host.Manager.CreateAsync(Requests.Domain());
        var b = await host.Manager.CreateAsync(Requests.Design());
        var c = await host.Manager.CreateAsync(Requests.Domain(createdBy: "Congress"));
        await host.Manager.ApproveAsync(c.Id, "cli");

        Assert.Equal([a.Id, b.Id, c.Id], (await host.Manager.ListAsync()).Select(r => r.Id));
        Assert.Equal([a.Id, b.Id], (await host.Manager.ListAsync(new HumanRequestFilter { Status = HumanRequestStatus.Pending })).Select(r => r.Id));
        Assert.Equal([a.Id, c.Id], (await host.Manager.ListAsync(new HumanRequestFilter { Type = HumanRequestType.Payment })).Select(r => r.Id));
        Assert.Equal([b.Id, c.Id], (await host.Manager.ListAsync(new HumanRequestFilter { CreatedBy = "congress" })).Select(r => r.Id));
    }

    [Fact]
    public async Task GetBudgetAsync_SumsPerTypeAndMonth_LeavingOutRejectedAndCancelled()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var domain = await host.Manager.CreateAsync(Requests.Domain(12.99m));
        await host.Manager.ApproveAsync(domain.Id, "Leo");
        await host.Manager.CompleteAsync(domain.Id, 11.50m, "Leo");
        var rejected = await host.Manager.CreateAsync(Requests.Domain(100m));
        await host.Manager.RejectAsync(rejected.Id, "Leo", "muy caro");
        await host.Manager.CreateAsync(Requests.Design() with { EstimatedCost = 300m });
        host.Time.Advance(TimeSpan.FromDays(10)); // 2026-12-06
        await host.Manager.CreateAsync(Requests.Domain(20m));

        var budget = await host.Manager.GetBudgetAsync();

        Assert.Equal(new HumanRequestCostTotals(3, 332.99m, 11.50m), budget.Total);
        Assert.Equal(new HumanRequestCostTotals(2, 32.99m, 11.50m), budget.ByType[HumanRequestType.Payment]);
        Assert.Equal(new HumanRequestCostTotals(1, 300m, 0m), budget.ByType[HumanRequestType.DesignDecision]);
        Assert.Equal(2, budget.ByType.Count);
        Assert.Equal(
            [new HumanRequestMonthlyCost(2026, 11, new HumanRequestCostTotals(2, 312.99m, 11.50m)), new HumanRequestMonthlyCost(2026, 12, new HumanRequestCostTotals(1, 20m, 0m))],
            budget.ByMonth);
    }

    internal static async Task<HumanRequest> BringToAsync(TestHost host, HumanRequestStatus status)
    {
        var m = host.Manager;
        var request = await m.CreateAsync(Requests.Domain());
        return status switch
        {
            HumanRequestStatus.Pending => request,
            HumanRequestStatus.Approved => await m.ApproveAsync(request.Id, "setup"),
            HumanRequestStatus.Rejected => await m.RejectAsync(request.Id, "setup"),
            HumanRequestStatus.Postponed => await m.PostponeAsync(request.Id, TimeSpan.FromDays(1), "setup"),
            HumanRequestStatus.Completed => await m.CompleteAsync((await m.ApproveAsync(request.Id, "setup")).Id, 10m, "setup"),
            HumanRequestStatus.Cancelled => await m.CancelAsync(request.Id, "setup"),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    internal static Task<HumanRequest> ActAsync(IHumanRequestManager manager, string id, HumanRequestAction action, string actor, string? note) => action switch
    {
        HumanRequestAction.Approve => manager.ApproveAsync(id, actor, note),
        HumanRequestAction.Reject => manager.RejectAsync(id, actor, note),
        HumanRequestAction.Postpone => manager.PostponeAsync(id, TimeSpan.FromHours(1), actor, note),
        HumanRequestAction.Complete => manager.CompleteAsync(id, 1m, actor, note),
        HumanRequestAction.Cancel => manager.CancelAsync(id, actor, note),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
