using D8.Dashboard.Internal;
using D8.HumanRequests;

namespace D8.Dashboard.Tests.Internal;

/// <summary>The requests list's pages: newest first, the cursor is the last id of the previous page.</summary>
public sealed class RequestPageTests
{
    private static readonly HumanRequest[] Five = [.. Enumerable.Range(1, 5).Select(i => new HumanRequest
    {
        Id = $"req-{i:D4}",
        Type = HumanRequestType.Payment,
        Title = $"Pago {i}",
        CreatedAt = DateTimeOffset.UnixEpoch.AddDays(i),
        CreatedBy = "tests",
    })];

    [Fact]
    public void Of_NoCursor_IsTheNewestPageWithTheCursorOfTheNext()
    {
        var page = RequestPage.Of(Five, before: null, limit: 2);

        Assert.Equal(["req-0005", "req-0004"], page.Requests.Select(r => r.Id));
        Assert.Equal("req-0004", page.NextBefore);
    }

    [Fact]
    public void Of_LastPage_HasNoNextCursor()
    {
        var page = RequestPage.Of(Five, before: "req-0002", limit: 2);

        Assert.Equal(["req-0001"], page.Requests.Select(r => r.Id));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public void Of_CursorOfAnExactPage_EndsWithoutAnEmptyPage()
    {
        var page = RequestPage.Of(Five, before: "req-0003", limit: 2);

        Assert.Equal(["req-0002", "req-0001"], page.Requests.Select(r => r.Id));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public void Of_UnknownCursor_StartsFromTheNewest() =>
        Assert.Equal("req-0005", RequestPage.Of(Five, before: "req-9999", limit: 2).Requests[0].Id);
}
