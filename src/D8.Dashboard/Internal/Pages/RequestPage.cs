using D8.HumanRequests;

namespace D8.Dashboard.Internal;

/// <summary>
/// One page of the requests list, newest first. The cursor is the id of the last request of the previous page
/// (<c>?before=req-0042</c>): a page stays the same while new requests arrive, which an offset would not.
/// </summary>
/// <param name="Requests">The page, newest first.</param>
/// <param name="NextBefore">The cursor of the next (older) page, or <see langword="null"/> on the last one.</param>
internal sealed record RequestPage(IReadOnlyList<HumanRequest> Requests, string? NextBefore)
{
    /// <summary>Cuts a page out of <paramref name="requests"/> (in creation order, as the manager lists them).</summary>
    /// <remarks>An unknown cursor (the request no longer matches the filter) starts from the newest.</remarks>
    public static RequestPage Of(IReadOnlyList<HumanRequest> requests, string? before, int limit)
    {
        var end = requests.Count;
        if (before is not null)
        {
            for (var i = requests.Count - 1; i >= 0; i--)
            {
                if (string.Equals(requests[i].Id, before, StringComparison.OrdinalIgnoreCase))
                {
                    end = i;
                    break;
                }
            }
        }

        var start = Math.Max(0, end - limit);
        var page = new List<HumanRequest>(end - start);
        for (var i = end - 1; i >= start; i--)
        {
            page.Add(requests[i]);
        }

        return new RequestPage(page, start > 0 ? page[^1].Id : null);
    }
}
