namespace D8.HumanRequests;

/// <summary>An action that changes a human request; recorded in its history and named by
/// <see cref="InvalidTransitionException"/> when it is not allowed.</summary>
public enum HumanRequestAction
{
    /// <summary>The request was created (history only).</summary>
    Create,

    /// <summary>Approve: pending or postponed → approved.</summary>
    Approve,

    /// <summary>Reject: pending or postponed → rejected.</summary>
    Reject,

    /// <summary>Postpone: pending → postponed until a time.</summary>
    Postpone,

    /// <summary>A postponed request came due: postponed → pending (done by the library, which notifies again).</summary>
    Resume,

    /// <summary>Complete: approved → completed, with the actual cost.</summary>
    Complete,

    /// <summary>Cancel: pending, postponed or approved → cancelled.</summary>
    Cancel,
}
