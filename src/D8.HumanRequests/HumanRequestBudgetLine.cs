namespace D8.HumanRequests;

/// <summary>One budget in one month: the limit (if one is configured) and what was spent.</summary>
/// <param name="Year">The year, e.g. 2026.</param>
/// <param name="Month">The month, 1–12 (local time).</param>
/// <param name="Type">The request type, or <see langword="null"/> for all types together.</param>
/// <param name="Limit">The configured monthly limit, or <see langword="null"/> when there is none.</param>
/// <param name="Spent">Actual cost of the completed requests plus estimated cost of the approved ones.</param>
public sealed record HumanRequestBudgetLine(int Year, int Month, HumanRequestType? Type, decimal? Limit, decimal Spent)
{
    /// <summary>What is left of the limit (never below 0), or <see langword="null"/> without a limit.</summary>
    public decimal? Remaining => Limit is { } limit ? Math.Max(0m, limit - Spent) : null;

    /// <summary>The spend as a percentage of the limit (may exceed 100), rounded down to 0.1 so it never shows 80 % before
    /// the 80 % alert; <see langword="null"/> without a limit or with a limit of 0.</summary>
    public decimal? Percent => Limit is { } limit and > 0m ? Math.Floor(Spent * 1000m / limit) / 10m : null;
}
