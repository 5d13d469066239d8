namespace D8.HumanRequests;

/// <summary>
/// Budget figures for the bot, the dashboard, the API and the CLI: total estimated and actual cost, per type and per
/// month of creation (from the store); and the spend by the month it was spent against the configured budgets
/// (<see cref="HumanRequestBudgetOptions"/>), filled in by <see cref="IHumanRequestManager.GetBudgetAsync"/>.
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

    /// <summary>Spend per calendar month by the month it was spent (actual cost of completed requests, estimated cost
    /// of approved ones), oldest first; only months with spend appear.</summary>
    public IReadOnlyList<HumanRequestMonthlySpend> Spend { get; init; } = [];

    /// <summary>The current month against the budgets: the overall line first (<see cref="HumanRequestBudgetLine.Type"/>
    /// <see langword="null"/>), then one line per type that has a limit or spend this month.</summary>
    public IReadOnlyList<HumanRequestBudgetLine> CurrentMonth { get; init; } = [];

    /// <summary>The configured overall monthly limit, or <see langword="null"/>.</summary>
    public decimal? MonthlyLimit { get; init; }

    /// <summary>The configured monthly limits per type.</summary>
    public IReadOnlyDictionary<HumanRequestType, decimal> TypeLimits { get; init; } = new Dictionary<HumanRequestType, decimal>();
}
