namespace D8.HumanRequests;

/// <summary>One change of a human request: who did what, when, and why.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it, e.g. <c>telegram:123456</c>, <c>cli</c>, <c>auto:small-payments</c>, or the creator's name.</param>
/// <param name="Action">What was done.</param>
/// <param name="From">The status before, or <see langword="null"/> for <see cref="HumanRequestAction.Create"/>.</param>
/// <param name="To">The status after.</param>
/// <param name="Note">The note or reason given, if any.</param>
public sealed record HumanRequestHistoryEntry(
    DateTimeOffset At,
    string Actor,
    HumanRequestAction Action,
    HumanRequestStatus? From,
    HumanRequestStatus To,
    string? Note);
