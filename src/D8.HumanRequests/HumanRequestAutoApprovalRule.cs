namespace D8.HumanRequests;

/// <summary>
/// Approves new requests automatically, e.g. "payments up to 20.00": a request that matches every set criterion is
/// approved at creation with the actor <c>auto:&lt;Name&gt;</c>, and the notifiers are told instead of asked.
/// </summary>
/// <example>
/// Configuration: <c>"AutoApprovalRules": [ { "Name": "small-payments", "Type": "payment", "MaxCost": 20.00 } ]</c>
/// (<c>Type</c> takes the snake_case names, <c>design_decision</c>, or the enum names, <c>DesignDecision</c>).
/// </example>
public sealed class HumanRequestAutoApprovalRule
{
    /// <summary>The rule's name; required, unique, used in the actor <c>auto:&lt;Name&gt;</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Only requests of this type.</summary>
    public HumanRequestType? Type { get; set; }

    /// <summary>Only requests with an estimated cost at or below this (requests without a cost do not match).</summary>
    public decimal? MaxCost { get; set; }

    /// <summary>Only requests with a priority at or below this (1–10).</summary>
    public int? MaxPriority { get; set; }

    /// <summary>Only requests created by this creator (case-insensitive).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Whether <paramref name="request"/> matches every set criterion. A rule with no criterion matches
    /// nothing (options validation refuses it).</summary>
    /// <param name="request">The new request.</param>
    /// <returns><see langword="true"/> when the rule approves it.</returns>
    public bool Matches(NewHumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HasCriteria)
        {
            return false;
        }

        return (Type is null || request.Type == Type)
            && (MaxCost is null || (request.EstimatedCost is { } cost && cost <= MaxCost))
            && (MaxPriority is null || request.Priority <= MaxPriority)
            && (CreatedBy is null || string.Equals(request.CreatedBy, CreatedBy, StringComparison.OrdinalIgnoreCase));
    }

    internal bool HasCriteria => Type is not null || MaxCost is not null || MaxPriority is not null || CreatedBy is not null;
}
