namespace D8.HumanRequests;

/// <summary>The money spent in one calendar month (local time), by the month it was spent.</summary>
/// <param name="Year">The year, e.g. 2026.</param>
/// <param name="Month">The month, 1–12.</param>
/// <param name="Total">All types together.</param>
/// <param name="ByType">Per type; only types with spend appear.</param>
public sealed record HumanRequestMonthlySpend(int Year, int Month, decimal Total, IReadOnlyDictionary<HumanRequestType, decimal> ByType);
