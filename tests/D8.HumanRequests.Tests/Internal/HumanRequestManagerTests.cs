using D8.HumanRequests.Tests.Support;
using D8.Testing;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestManagerTests
{
    private static NewHumanRequest Domain(decimal? cost = 12.99m) => new()
    {
        Type = HumanRequestType.Payment,
        Title = "Comprar dominio d8-ai.com",
        Description = "Score 87/100",
        EstimatedCost = cost,
        Priority = 8,
        CreatedBy = "NicheDiscovery",
    };

    [Fact]
    public async Task CreateAsync_EmptyStore_AssignsReq0001AndPersists()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path);

        var first = await host.Manager.CreateAsync(Domain());
        var second = await host.Manager.CreateAsync(Domain());

        Assert.Equal("req-0001", first.Id);
        Assert.Equal("req-0002", second.Id);
        Assert.Equal(HumanRequestStatus.Pending, first.Status);
        Assert.Equal(host.Time.GetUtcNow(), first.CreatedAt);
        var entry = Assert.Single(first.History);
        Assert.Equal(("NicheDiscovery", HumanRequestAction.Create), (entry.Actor, entry.Action));
        Assert.True(File.Exists(host.FilePath));
    }

    [Fact]
    public async Task ApproveAsync_Pending_RecordsActorNoteAndOldNotesLine()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path);
        var created = await host.Manager.CreateAsync(Domain());

        var approved = await host.Manager.ApproveAsync(created.Id, "telegram:123456", "ok, go");

        Assert.Equal(HumanRequestStatus.Approved, approved.Status);
        Assert.Equal(host.Time.GetUtcNow(), approved.ApprovedAt);
        Assert.Equal("Aprobado por telegram:123456: ok, go", approved.Notes);
        var last = approved.History[^1];
        Assert.Equal(new HumanRequestHistoryEntry(host.Time.GetUtcNow(), "telegram:123456", HumanRequestAction.Approve, HumanRequestStatus.Pending, HumanRequestStatus.Approved, "ok, go"), last);
        Assert.Equal(approved, await host.Manager.GetAsync(created.Id));
    }
}
