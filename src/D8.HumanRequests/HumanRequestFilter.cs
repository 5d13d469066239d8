namespace D8.HumanRequests;

/// <summary>Selects requests for <see cref="IHumanRequestManager.ListAsync"/>; unset criteria match everything.</summary>
public sealed record HumanRequestFilter
{
    /// <summary>Only requests with this status.</summary>
    public HumanRequestStatus? Status { get; init; }

    /// <summary>Only requests of this type.</summary>
    public HumanRequestType? Type { get; init; }

    /// <summary>Only requests created by this creator (case-insensitive).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Whether <paramref name="request"/> matches every set criterion.</summary>
    /// <param name="request">The request to test.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (Status is null || request.Status == Status)
            && (Type is null || request.Type == Type)
            && (CreatedBy is null || string.Equals(request.CreatedBy, CreatedBy, StringComparison.OrdinalIgnoreCase));
    }
}
