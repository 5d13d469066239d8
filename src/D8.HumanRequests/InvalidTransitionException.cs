namespace D8.HumanRequests;

/// <summary>
/// The attempted action is not allowed from the request's current status (for example approving a rejected
/// request). Nothing was changed. The properties let a caller build its own message, e.g. in Spanish.
/// </summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="currentStatus">Its status when the action was attempted.</param>
    /// <param name="action">The refused action.</param>
    public InvalidTransitionException(string requestId, HumanRequestStatus currentStatus, HumanRequestAction action)
        : base($"Cannot {action.ToWireName()} human request '{requestId}': it is {currentStatus.ToWireName()}.")
    {
        RequestId = requestId;
        CurrentStatus = currentStatus;
        Action = action;
    }

    /// <summary>The request.</summary>
    public string RequestId { get; }

    /// <summary>Its status when the action was attempted.</summary>
    public HumanRequestStatus CurrentStatus { get; }

    /// <summary>The refused action.</summary>
    public HumanRequestAction Action { get; }
}
