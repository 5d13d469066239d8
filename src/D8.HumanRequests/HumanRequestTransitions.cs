namespace D8.HumanRequests;

/// <summary>
/// The state machine of human requests: pending → approved | rejected | postponed | cancelled;
/// postponed → pending (when due) | approved | rejected | cancelled; approved → completed | cancelled.
/// Completed, rejected and cancelled are final.
/// </summary>
public static class HumanRequestTransitions
{
    /// <summary>Returns the status that <paramref name="action"/> leads to from <paramref name="from"/>,
    /// or <see langword="null"/> when the action is not allowed there.</summary>
    /// <param name="from">The current status.</param>
    /// <param name="action">The attempted action.</param>
    /// <returns>The new status, or <see langword="null"/> for a refused transition.</returns>
    public static HumanRequestStatus? Target(HumanRequestStatus from, HumanRequestAction action) => (from, action) switch
    {
        (HumanRequestStatus.Pending, HumanRequestAction.Approve) => HumanRequestStatus.Approved,
        (HumanRequestStatus.Pending, HumanRequestAction.Reject) => HumanRequestStatus.Rejected,
        (HumanRequestStatus.Pending, HumanRequestAction.Postpone) => HumanRequestStatus.Postponed,
        (HumanRequestStatus.Pending, HumanRequestAction.Cancel) => HumanRequestStatus.Cancelled,
        (HumanRequestStatus.Postponed, HumanRequestAction.Resume) => HumanRequestStatus.Pending,
        (HumanRequestStatus.Postponed, HumanRequestAction.Approve) => HumanRequestStatus.Approved,
        (HumanRequestStatus.Postponed, HumanRequestAction.Reject) => HumanRequestStatus.Rejected,
        (HumanRequestStatus.Postponed, HumanRequestAction.Cancel) => HumanRequestStatus.Cancelled,
        (HumanRequestStatus.Approved, HumanRequestAction.Complete) => HumanRequestStatus.Completed,
        (HumanRequestStatus.Approved, HumanRequestAction.Cancel) => HumanRequestStatus.Cancelled,
        _ => null,
    };

    /// <summary>Whether <paramref name="action"/> is allowed from <paramref name="from"/>
    /// (for example, to decide which buttons to show).</summary>
    /// <param name="from">The current status.</param>
    /// <param name="action">The action to check.</param>
    /// <returns><see langword="true"/> when the transition is allowed.</returns>
    public static bool IsAllowed(HumanRequestStatus from, HumanRequestAction action) => Target(from, action) is not null;

    /// <summary>Whether the request still waits for the owner's decision (pending or postponed).</summary>
    /// <param name="status">The status to check.</param>
    /// <returns><see langword="true"/> for <see cref="HumanRequestStatus.Pending"/> and <see cref="HumanRequestStatus.Postponed"/>.</returns>
    public static bool IsAwaitingDecision(HumanRequestStatus status) =>
        status is HumanRequestStatus.Pending or HumanRequestStatus.Postponed;

    /// <summary>Whether no further transition is possible (completed, rejected, cancelled).</summary>
    /// <param name="status">The status to check.</param>
    /// <returns><see langword="true"/> for a final status.</returns>
    public static bool IsFinal(HumanRequestStatus status) =>
        status is HumanRequestStatus.Completed or HumanRequestStatus.Rejected or HumanRequestStatus.Cancelled;
}
