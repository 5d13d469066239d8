namespace D8.Distributed.Contracts;

/// <summary>A human request as the master API returns it: the fields of <c>requests.json</c>, with ISO 8601 times.</summary>
public sealed record HumanRequestResponse
{
    /// <summary>Gets the id, for example <c>req-0001</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the type, for example <c>payment</c>.</summary>
    public required string RequestType { get; init; }

    /// <summary>Gets the title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the details.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Gets the expected cost.</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>Gets the priority, 1–10.</summary>
    public int Priority { get; init; }

    /// <summary>Gets when the request was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets who created it.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>
    /// Gets the status: <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>postponed</c>, <c>completed</c> or
    /// <c>cancelled</c>.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Gets when it was approved.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Gets when it was completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets what it really cost.</summary>
    public decimal? ActualCost { get; init; }

    /// <summary>Gets the notes, one line per decision.</summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>Gets when a postponed request returns to pending.</summary>
    public DateTimeOffset? PostponedUntil { get; init; }

    /// <summary>Gets every change, oldest first.</summary>
    public IReadOnlyList<HumanRequestHistoryResponse> History { get; init; } = [];

    /// <summary>Gets the options the owner chooses from; empty for a yes/no request.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Gets the option chosen with the approval, or <see langword="null"/>.</summary>
    public string? ChosenOption { get; init; }

    /// <summary>Gets when the request expires, or <see langword="null"/> when it never does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
