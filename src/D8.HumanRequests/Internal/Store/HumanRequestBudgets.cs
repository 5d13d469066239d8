namespace D8.HumanRequests.Internal;

/// <summary>The budget computed in memory from the requests (the JSON store; the PostgreSQL store uses SQL).</summary>
internal static class HumanRequestBudgets
{
    public static HumanRequestBudget Compute(IEnumerable<HumanRequest> requests, TimeZoneInfo zone)
    {
        var total = HumanRequestCostTotals.Zero;
        var byType = new Dictionary<HumanRequestType, HumanRequestCostTotals>();
        var byMonth = new SortedDictionary<(int Year, int Month), HumanRequestCostTotals>();
        foreach (var request in requests)
        {
            if (request.Status is HumanRequestStatus.Rejected or HumanRequestStatus.Cancelled)
            {
                continue;
            }

            total = total.Add(request);
            byType[request.Type] = (byType.TryGetValue(request.Type, out var t) ? t : HumanRequestCostTotals.Zero).Add(request);
            var local = TimeZoneInfo.ConvertTime(request.CreatedAt, zone);
            var month = (local.Year, local.Month);
            byMonth[month] = (byMonth.TryGetValue(month, out var m) ? m : HumanRequestCostTotals.Zero).Add(request);
        }

        return new HumanRequestBudget
        {
            Total = total,
            ByType = byType,
            ByMonth = [.. byMonth.Select(p => new HumanRequestMonthlyCost(p.Key.Year, p.Key.Month, p.Value))],
        };
    }
}
