namespace D8.Distributed.Contracts;

/// <summary>One budget in the current month.</summary>
public sealed record BudgetLineResponse
{
    /// <summary>Gets the request type (<c>payment</c>, …), or <see langword="null"/> for all types together.</summary>
    public string? RequestType { get; init; }

    /// <summary>Gets the monthly limit; <see langword="null"/> when none is configured.</summary>
    public decimal? Limit { get; init; }

    /// <summary>Gets the spend: actual cost of completed requests plus estimated cost of approved ones.</summary>
    public decimal Spent { get; init; }

    /// <summary>Gets what is left of the limit (never below 0); <see langword="null"/> without a limit.</summary>
    public decimal? Remaining { get; init; }

    /// <summary>Gets the spend as a percentage of the limit (may exceed 100); <see langword="null"/> without a limit.</summary>
    public decimal? Percent { get; init; }
}
