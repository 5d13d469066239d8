namespace D8.HumanRequests;

/// <summary>
/// Monthly budgets (<c>D8:HumanRequests:Budgets</c>), in the requests' currency: one limit over every type and one per
/// type. Spend against them is counted by the calendar month the money was spent (local time): the actual cost of
/// completed requests on the month of completion, the estimated cost of approved, not yet completed ones on the month
/// of approval (committed). Auto-approval rules never approve past what is left; alerts go to the notifiers at
/// <see cref="AlertPercentages"/> of each budget, once per month and budget.
/// </summary>
/// <example>
/// <c>"Budgets": { "Monthly": 200.00, "ByType": { "payment": 50.00, "api_account": 30.00 } }</c>
/// (types take the snake_case names or the enum names).
/// </example>
public sealed class HumanRequestBudgetOptions
{
    /// <summary>The percentages of a budget at which the notifiers are alerted: 80 % and 100 %.</summary>
    public static IReadOnlyList<int> AlertPercentages { get; } = [80, 100];

    /// <summary>The limit per calendar month over every request type; <see langword="null"/> (default) for none.</summary>
    public decimal? Monthly { get; set; }

    /// <summary>Limits per calendar month for single request types; types not listed have none.</summary>
    public IDictionary<HumanRequestType, decimal> ByType { get; } = new Dictionary<HumanRequestType, decimal>();

    /// <summary>The limit that applies to <paramref name="type"/> (<see langword="null"/>: the overall limit).</summary>
    /// <param name="type">A request type, or <see langword="null"/> for the overall budget.</param>
    /// <returns>The limit, or <see langword="null"/> when there is none.</returns>
    public decimal? LimitOf(HumanRequestType? type) =>
        type is { } t ? (ByType.TryGetValue(t, out var limit) ? limit : null) : Monthly;
}
