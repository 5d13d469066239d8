namespace D8.Distributed.Contracts;

/// <summary>
/// The body of <c>POST /api/v1/requests</c>: a human request, with the field names of <c>requests.json</c>. Only
/// <see cref="RequestType"/> and <see cref="Title"/> are required.
/// </summary>
public sealed record HumanRequestCreateRequest
{
    /// <summary>
    /// Gets the type: <c>payment</c>, <c>design_decision</c>, <c>api_account</c>, <c>content_approval</c>,
    /// <c>strategic_decision</c> or <c>other</c> (required).
    /// </summary>
    public string? RequestType { get; init; }

    /// <summary>Gets the title (required, at most 200 characters).</summary>
    public string? Title { get; init; }

    /// <summary>Gets the details (at most 4,000 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Gets the expected cost (0 or more).</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>Gets the priority, 1 (lowest) to 10 (highest); <see langword="null"/> for 5.</summary>
    public int? Priority { get; init; }

    /// <summary>Gets who asks, for example <c>NicheDiscovery</c>; <see langword="null"/> for <c>api</c>.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets a note recorded in the history with the creation.</summary>
    public string? Note { get; init; }

    /// <summary>Gets the options to choose from (a design A, B, C): at most 10, each at most 64 characters, no two the
    /// same; the owner approves one of them.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>Gets when the request expires (ISO 8601 with an offset), if it should: a reminder goes out before it, and
    /// a request still undecided then is cancelled with the note <c>expired</c>. Must be in the future (400 otherwise).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
