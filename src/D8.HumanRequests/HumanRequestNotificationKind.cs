namespace D8.HumanRequests;

/// <summary>Why a notifier is told about a request.</summary>
public enum HumanRequestNotificationKind
{
    /// <summary>A new request waits for the owner's decision: ask.</summary>
    New,

    /// <summary>A postponed request came due and waits for the owner's decision again: ask again.</summary>
    DueAgain,

    /// <summary>A new request was approved by an auto-approval rule: tell, for information; nothing to decide.</summary>
    AutoApproved,
}
