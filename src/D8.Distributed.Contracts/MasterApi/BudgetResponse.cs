namespace D8.Distributed.Contracts;

/// <summary>
/// <c>GET /api/v1/budget</c>: what the human requests spent, by the month it was spent, against the configured monthly
/// budgets (<c>D8:HumanRequests:Budgets</c>). Amounts are in the requests' currency.
/// </summary>
public sealed record BudgetResponse
{
    /// <summary>Gets the current month as <c>yyyy-MM</c> (the master's local time).</summary>
    public required string Month { get; init; }

    /// <summary>Gets the overall monthly limit; <see langword="null"/> when none is configured.</summary>
    public decimal? MonthlyLimit { get; init; }

    /// <summary>Gets the monthly limits per request type (<c>payment</c>, …).</summary>
    public IReadOnlyDictionary<string, decimal> TypeLimits { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Gets the current month against the budgets: the overall line first (<see cref="BudgetLineResponse.RequestType"/>
    /// <see langword="null"/>), then each type with a limit or spend.</summary>
    public IReadOnlyList<BudgetLineResponse> Current { get; init; } = [];

    /// <summary>Gets the spend per month, oldest first; only months with spend appear.</summary>
    public IReadOnlyList<BudgetMonthResponse> Months { get; init; } = [];
}
