namespace D8.HumanRequests;

/// <summary>
/// Creates human requests, changes them according to <see cref="HumanRequestTransitions"/> and lets code wait for
/// the owner's decision. Every change records who made it (<c>actor</c>: e.g. <c>telegram:123456</c>, <c>cli</c>),
/// when, and an optional note in <see cref="HumanRequest.History"/>, and is saved before the call returns.
/// </summary>
/// <remarks>Thread-safe. A change that is not allowed throws <see cref="InvalidTransitionException"/> and
/// leaves the store untouched.</remarks>
public interface IHumanRequestManager
{
    /// <summary>Creates a request with the next id. Auto-approval rules are applied; the notifiers are told
    /// (asked for a decision, or informed of an automatic approval).</summary>
    /// <param name="request">What to ask.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request: <see cref="HumanRequestStatus.Pending"/>, or <see cref="HumanRequestStatus.Approved"/>
    /// when a rule approved it.</returns>
    /// <exception cref="HumanRequestValidationException">A field is invalid; <see cref="HumanRequestValidationException.Field"/>
    /// and the message name it.</exception>
    Task<HumanRequest> CreateAsync(NewHumanRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by id.</summary>
    /// <param name="requestId">The id, e.g. <c>req-0001</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    Task<HumanRequest> GetAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Gets a request by id, or <see langword="null"/>.</summary>
    /// <param name="requestId">The id, e.g. <c>req-0001</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/> when no request has this id.</returns>
    Task<HumanRequest?> FindAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Lists requests in creation order.</summary>
    /// <param name="filter">Criteria; <see langword="null"/> lists everything.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching requests.</returns>
    Task<IReadOnlyList<HumanRequest>> ListAsync(HumanRequestFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Approves a pending or postponed request.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="actor">Who approves, e.g. <c>telegram:123456</c>.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The approved request.</returns>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is not pending or postponed.</exception>
    Task<HumanRequest> ApproveAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Approves a pending or postponed request choosing one of its <see cref="HumanRequest.Options"/>; the choice
    /// is recorded in <see cref="HumanRequest.ChosenOption"/> (and in <c>notes</c> for old readers) and returned by
    /// <see cref="WaitForDecisionAsync"/>.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="choice">One of the request's options (case-insensitive).</param>
    /// <param name="actor">Who chooses, e.g. <c>telegram:123456</c>.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The approved request.</returns>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="HumanRequestValidationException"><paramref name="choice"/> is not one of the request's options.</exception>
    /// <exception cref="InvalidTransitionException">It is not pending or postponed.</exception>
    Task<HumanRequest> ChooseAsync(string requestId, string choice, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects a pending or postponed request.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="actor">Who rejects.</param>
    /// <param name="note">The reason, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rejected request.</returns>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is not pending or postponed.</exception>
    Task<HumanRequest> RejectAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Postpones a pending request until a point in time; it then returns to pending and the notifiers are
    /// asked again.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="until">When it comes due; must be in the future.</param>
    /// <param name="actor">Who postpones.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The postponed request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is not in the future.</exception>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is not pending.</exception>
    Task<HumanRequest> PostponeAsync(string requestId, DateTimeOffset until, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Postpones a pending request for a duration (see the other overload).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="duration">How long; must be positive.</param>
    /// <param name="actor">Who postpones.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The postponed request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is not pending.</exception>
    Task<HumanRequest> PostponeAsync(string requestId, TimeSpan duration, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Marks an approved request as done.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="actualCost">What it really cost (≥ 0), if known.</param>
    /// <param name="actor">Who completes.</param>
    /// <param name="note">An optional note, e.g. <c>Comprado en Namecheap con PayPal</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actualCost"/> is negative.</exception>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is not approved.</exception>
    Task<HumanRequest> CompleteAsync(string requestId, decimal? actualCost, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Withdraws a pending, postponed or approved request.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="actor">Who cancels.</param>
    /// <param name="note">An optional reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancelled request.</returns>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="InvalidTransitionException">It is already final.</exception>
    Task<HumanRequest> CancelAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the request leaves pending/postponed (approved, rejected, cancelled, …) and returns it. On timeout
    /// it returns the request as it is then (still pending or postponed) instead of throwing.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The request: decided, or still awaiting a decision when the timeout passed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    /// <exception cref="HumanRequestNotFoundException">No request has this id.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<HumanRequest> WaitForDecisionAsync(string requestId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Total estimated and actual cost, per type and per month of creation.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The figures.</returns>
    Task<HumanRequestBudget> GetBudgetAsync(CancellationToken cancellationToken = default);
}
