using D8.HumanRequests.Internal;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestStoreSnapshotTests
{
    private static HumanRequest Request(string id, HumanRequestStatus status = HumanRequestStatus.Pending) => new()
    {
        Id = id,
        Type = HumanRequestType.Other,
        Title = id,
        CreatedAt = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero),
        CreatedBy = "test",
        Status = status,
    };

    [Fact]
    public void WithRequest_ExistingId_ReplacesInPlaceAndLeavesTheOriginalUnchanged()
    {
        var original = new HumanRequestStoreSnapshot(2, [Request("req-0001"), Request("req-0002")]);

        var changed = original.WithRequest(Request("req-0001", HumanRequestStatus.Approved));

        Assert.Equal(["req-0001", "req-0002"], changed.Requests.Select(r => r.Id));
        Assert.Equal(HumanRequestStatus.Approved, changed.Find("req-0001")!.Status);
        Assert.Equal(HumanRequestStatus.Pending, original.Find("req-0001")!.Status);
        Assert.Equal(2, changed.Counter);
    }

    [Fact]
    public void WithRequest_NewId_AppendsAndIndexesIt()
    {
        var original = new HumanRequestStoreSnapshot(1, [Request("req-0001")]);

        var changed = original.WithCounter(2).WithRequest(Request("req-0002"));

        Assert.Equal(["req-0001", "req-0002"], changed.Requests.Select(r => r.Id));
        Assert.NotNull(changed.Find("req-0002"));
        Assert.Null(original.Find("req-0002"));
        Assert.Equal((1, 2), (original.Counter, changed.Counter));
    }

    [Fact]
    public void Constructor_DuplicateIdOrNegativeCounter_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HumanRequestStoreSnapshot(1, [Request("req-0001"), Request("req-0001")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HumanRequestStoreSnapshot(-1, []));
        Assert.Empty(HumanRequestStoreSnapshot.Empty.Requests);
    }
}
