namespace D8.HumanRequests;

/// <summary>Cost figures of a group of requests.</summary>
/// <param name="Count">How many requests the group has.</param>
/// <param name="Estimated">The sum of their estimated costs (requests without one count as 0).</param>
/// <param name="Actual">The sum of their actual costs (requests without one count as 0).</param>
public sealed record HumanRequestCostTotals(int Count, decimal Estimated, decimal Actual)
{
    /// <summary>No requests, no cost.</summary>
    public static HumanRequestCostTotals Zero { get; } = new(0, 0m, 0m);

    /// <summary>Adds one request's figures.</summary>
    /// <param name="request">The request to add.</param>
    /// <returns>The new totals.</returns>
    public HumanRequestCostTotals Add(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(Count + 1, Estimated + (request.EstimatedCost ?? 0m), Actual + (request.ActualCost ?? 0m));
    }
}
