namespace D8.HumanRequests;

/// <summary>No request has the given id.</summary>
public sealed class HumanRequestNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception for <paramref name="requestId"/>.</summary>
    /// <param name="requestId">The id that was not found.</param>
    public HumanRequestNotFoundException(string requestId)
        : base($"Human request '{requestId}' was not found.")
    {
        RequestId = requestId;
    }

    /// <summary>The id that was not found.</summary>
    public string RequestId { get; }
}
