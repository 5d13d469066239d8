namespace D8.HumanRequests.Internal;

/// <summary>
/// Spend by the month the money was spent: the actual cost of a completed request on the month of completion (its
/// estimate when it was completed without one), the estimated cost of an approved one on the month of approval
/// (committed). Other statuses spend nothing.
/// </summary>
internal static class HumanRequestSpend
{
    public static (int Year, int Month) MonthOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return (local.Year, local.Month);
    }

    /// <summary>The month and amount <paramref name="request"/> spends, or <see langword="null"/> when it spends nothing.</summary>
    public static ((int Year, int Month) Month, decimal Amount)? Of(HumanRequest request, TimeZoneInfo zone) => request.Status switch
    {
        HumanRequestStatus.Completed => (MonthOf(request.CompletedAt ?? request.ApprovedAt ?? request.CreatedAt, zone), request.ActualCost ?? request.EstimatedCost ?? 0m),
        HumanRequestStatus.Approved => (MonthOf(request.ApprovedAt ?? request.CreatedAt, zone), request.EstimatedCost ?? 0m),
        _ => null,
    };

    /// <summary>What was spent in <paramref name="month"/> on <paramref name="type"/> (<see langword="null"/>: every type).</summary>
    public static decimal SpentIn(IEnumerable<HumanRequest> requests, (int Year, int Month) month, HumanRequestType? type, TimeZoneInfo zone)
    {
        var sum = 0m;
        foreach (var request in requests)
        {
            if ((type is null || request.Type == type) && Of(request, zone) is { } spend && spend.Month == month)
            {
                sum += spend.Amount;
            }
        }

        return sum;
    }

    public static HumanRequestMonthlySpend[] ByMonth(IEnumerable<HumanRequest> requests, TimeZoneInfo zone)
    {
        var months = new SortedDictionary<(int Year, int Month), Dictionary<HumanRequestType, decimal>>();
        foreach (var request in requests)
        {
            if (Of(request, zone) is not { } spend)
            {
                continue;
            }

            if (!months.TryGetValue(spend.Month, out var byType))
            {
                months[spend.Month] = byType = [];
            }

            byType[request.Type] = (byType.TryGetValue(request.Type, out var sum) ? sum : 0m) + spend.Amount;
        }

        return [.. months.Select(p => new HumanRequestMonthlySpend(p.Key.Year, p.Key.Month, p.Value.Values.Sum(), p.Value))];
    }
}
