namespace D8.Distributed.Contracts;

/// <summary>One change of a human request: who did what, when, and why.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it, for example <c>telegram:123456</c>, <c>api</c> or the creator's name.</param>
/// <param name="Action">What was done: <c>create</c>, <c>approve</c>, <c>reject</c>, <c>postpone</c>, <c>resume</c>, <c>complete</c>, <c>cancel</c>.</param>
/// <param name="From">The status before; <see langword="null"/> for the creation.</param>
/// <param name="To">The status after.</param>
/// <param name="Note">The note given, if any.</param>
public sealed record HumanRequestHistoryResponse(DateTimeOffset At, string Actor, string Action, string? From, string To, string? Note);
