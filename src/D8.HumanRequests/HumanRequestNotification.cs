namespace D8.HumanRequests;

/// <summary>What a notifier receives: the request as it is now, and why it is being told.</summary>
/// <param name="Kind">New (ask), due again after a postponement (ask again) or auto-approved (information only).</param>
/// <param name="Request">The request, in its current state.</param>
public sealed record HumanRequestNotification(HumanRequestNotificationKind Kind, HumanRequest Request)
{
    /// <summary>Budgets that reached 80 % or 100 % with this request's approval or completion; tell the owner. Empty
    /// for most notifications; always set for <see cref="HumanRequestNotificationKind.BudgetAlert"/>.</summary>
    public IReadOnlyList<HumanRequestBudgetAlert> BudgetAlerts { get; init; } = [];
}
