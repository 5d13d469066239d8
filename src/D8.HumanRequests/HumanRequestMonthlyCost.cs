namespace D8.HumanRequests;

/// <summary>The cost figures of the requests created in one calendar month (in the local time zone).</summary>
/// <param name="Year">The year, e.g. 2026.</param>
/// <param name="Month">The month, 1–12.</param>
/// <param name="Totals">The figures.</param>
public sealed record HumanRequestMonthlyCost(int Year, int Month, HumanRequestCostTotals Totals);
