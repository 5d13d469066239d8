namespace D8.HumanRequests;

/// <summary>What a notifier receives: the request as it is now, and why it is being told.</summary>
/// <param name="Kind">New (ask), due again after a postponement (ask again) or auto-approved (information only).</param>
/// <param name="Request">The request, in its current state.</param>
public sealed record HumanRequestNotification(HumanRequestNotificationKind Kind, HumanRequest Request);
