namespace D8.HumanRequests;

/// <summary>
/// Where a human request is in its life. The allowed moves between statuses are listed by
/// <see cref="HumanRequestTransitions"/>; <see cref="Completed"/>, <see cref="Rejected"/> and
/// <see cref="Cancelled"/> are final.
/// </summary>
public enum HumanRequestStatus
{
    /// <summary>Waiting for the owner's decision (<c>pending</c>).</summary>
    Pending,

    /// <summary>The owner said yes; the work may go ahead (<c>approved</c>).</summary>
    Approved,

    /// <summary>The owner said no (<c>rejected</c>). Final.</summary>
    Rejected,

    /// <summary>The owner will decide later; the request returns to <see cref="Pending"/> when due (<c>postponed</c>).</summary>
    Postponed,

    /// <summary>The approved work was done (<c>completed</c>). Final.</summary>
    Completed,

    /// <summary>The request was withdrawn (<c>cancelled</c>). Final.</summary>
    Cancelled,
}
