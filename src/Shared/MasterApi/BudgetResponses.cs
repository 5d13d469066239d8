using System.Globalization;
using D8.Distributed.Contracts;
using D8.HumanRequests;

namespace D8.Shared.MasterApi;

/// <summary>
/// The human requests' budget figures in the master API's shape (<c>GET /api/v1/budget</c>): one mapping, compiled into
/// the dashboard (which serves it) and the CLI (which prints the same shape when it works on the files directly).
/// </summary>
internal static class BudgetResponses
{
    public static BudgetResponse From(HumanRequestBudget budget) => new()
    {
        Month = budget.CurrentMonth.Count > 0 ? MonthName(budget.CurrentMonth[0].Year, budget.CurrentMonth[0].Month) : string.Empty,
        MonthlyLimit = budget.MonthlyLimit,
        TypeLimits = budget.TypeLimits.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal),
        Current = [.. budget.CurrentMonth.Select(line => new BudgetLineResponse
        {
            RequestType = line.Type?.ToWireName(),
            Limit = line.Limit,
            Spent = line.Spent,
            Remaining = line.Remaining,
            Percent = line.Percent,
        })],
        Months = [.. budget.Spend.Select(month => new BudgetMonthResponse
        {
            Month = MonthName(month.Year, month.Month),
            Total = month.Total,
            ByType = month.ByType.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal),
        })],
    };

    /// <summary>A month as the API writes it: <c>2026-12</c>.</summary>
    public static string MonthName(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");
}
