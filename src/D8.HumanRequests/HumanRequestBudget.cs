namespace D8.HumanRequests;

/// <summary>
/// Budget figures for the bot and the CLI: total estimated and actual cost, per type and per month of creation.
/// Rejected and cancelled requests are left out: their money is never spent.
/// </summary>
public sealed record HumanRequestBudget
{
    /// <summary>All counted requests together.</summary>
    public required HumanRequestCostTotals Total { get; init; }

    /// <summary>Per type; only types that have counted requests appear.</summary>
    public required IReadOnlyDictionary<HumanRequestType, HumanRequestCostTotals> ByType { get; init; }

    /// <summary>Per month of creation (local time), oldest first; only months with counted requests appear.</summary>
    public required IReadOnlyList<HumanRequestMonthlyCost> ByMonth { get; init; }
}
