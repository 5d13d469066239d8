namespace D8.Distributed.Contracts;

/// <summary>
/// The optional body of <c>POST /api/v1/requests/{id}/approve|reject|postpone|complete|cancel</c>; each action reads the
/// fields that apply to it and refuses the others.
/// </summary>
public sealed record HumanRequestDecisionRequest
{
    /// <summary>Gets the note or reason recorded with the decision (every action).</summary>
    public string? Note { get; init; }

    /// <summary>Gets the chosen option (approve): one of the request's <see cref="HumanRequestResponse.Options"/>; 400 for
    /// any other.</summary>
    public string? Option { get; init; }

    /// <summary>
    /// Gets how long to postpone (postpone): <c>30m</c>, <c>2h</c>, <c>1d</c>, <c>1w</c> or <c>1.02:00:00</c>;
    /// <see langword="null"/> for one day.
    /// </summary>
    public string? For { get; init; }

    /// <summary>Gets what it really cost (complete), 0 or more.</summary>
    public decimal? ActualCost { get; init; }
}
