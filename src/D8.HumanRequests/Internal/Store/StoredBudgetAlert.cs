namespace D8.HumanRequests.Internal;

/// <summary>A budget alert as stored: <c>{"type","year","month","percent","limit","spent","raised_at"}</c>; <c>type</c>
/// is <c>null</c> for the overall budget.</summary>
internal sealed class StoredBudgetAlert
{
    public string? Type { get; set; }

    public int Year { get; set; }

    public int Month { get; set; }

    public int Percent { get; set; }

    public decimal Limit { get; set; }

    public decimal Spent { get; set; }

    public string? RaisedAt { get; set; }
}
