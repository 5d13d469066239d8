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

    /// <summary>A budget reached 80 % or 100 % of its monthly limit (see
    /// <see cref="HumanRequestNotification.BudgetAlerts"/>); the request is the one whose approval or completion reached
    /// it. Tell, for information.</summary>
    BudgetAlert,

    /// <summary>A pending or postponed request reaches its <see cref="HumanRequest.ExpiresAt"/> within
    /// <see cref="D8HumanRequestsOptions.ExpiryReminderLeadTime"/>: remind the owner, the decision is still open. Sent
    /// once per request (<see cref="HumanRequest.ExpiryRemindedAt"/>).</summary>
    ExpiryReminder,

    /// <summary>The request left pending: approved, rejected, postponed, cancelled, or an approved one completed, by
    /// anyone (CLI, dashboard, API, a chat, a rule, expiry). Bring what was sent about it up to date (see
    /// <see cref="HumanRequest.SentMessages"/>): show the decision, remove the buttons. Budget alerts raised by the same
    /// change come with it (<see cref="HumanRequestNotification.BudgetAlerts"/>).</summary>
    Decided,
}
