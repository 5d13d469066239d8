namespace D8.Distributed.Contracts;

/// <summary>The spend of one calendar month.</summary>
public sealed record BudgetMonthResponse
{
    /// <summary>Gets the month as <c>yyyy-MM</c>.</summary>
    public required string Month { get; init; }

    /// <summary>Gets the spend of all types together.</summary>
    public decimal Total { get; init; }

    /// <summary>Gets the spend per request type (<c>payment</c>, …); only types with spend appear.</summary>
    public IReadOnlyDictionary<string, decimal> ByType { get; init; } = new Dictionary<string, decimal>();
}
