using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>The manager: validation, the state machine, auto-approval, waiting; persistence through the store.</summary>
internal sealed partial class HumanRequestManager : IHumanRequestManager, IDisposable
{
    /// <summary>The actor recorded when the library itself changes a request (a postponement coming due).</summary>
    public const string SystemActor = "system";

    private readonly IHumanRequestStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly D8HumanRequestsOptions _options;
    private readonly HumanRequestsSignal _signal;
    private readonly ILogger _logger;

    public HumanRequestManager(
        IHumanRequestStore store,
        TimeProvider timeProvider,
        D8HumanRequestsOptions options,
        HumanRequestsSignal signal,
        ILogger<HumanRequestManager> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _timeProvider = timeProvider;
        _options = options;
        _signal = signal;
        _logger = logger;
    }

    /// <summary>Loads the store; a corrupt file throws here, which is how start-up fails.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        _ = await _store.GetCounterAsync(cancellationToken).ConfigureAwait(false);

    public async Task<HumanRequest> CreateAsync(NewHumanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        ValidateExpiry(request, _timeProvider.GetUtcNow());
        // Under the budget lock: what is left of a budget is read and spent in one step (the running cap).
        var locked = HasBudgets;
        if (locked)
        {
            await _budgetLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        HumanRequest created;
        List<HumanRequestBudgetAlert> alerts = [];
        HumanRequestAutoApprovalRule? rule;
        try
        {
            var all = locked ? await _store.QueryAsync(null, cancellationToken).ConfigureAwait(false) : [];
            rule = PickRule(request, all);
            created = await _store.CreateAsync(
                id =>
                {
                    var now = _timeProvider.GetUtcNow();
                    var pending = new HumanRequest
                    {
                        Id = id,
                        Type = request.Type,
                        Title = request.Title.Trim(),
                        Description = request.Description ?? string.Empty,
                        EstimatedCost = request.EstimatedCost,
                        Priority = request.Priority,
                        CreatedAt = now,
                        CreatedBy = request.CreatedBy.Trim(),
                        Status = HumanRequestStatus.Pending,
                        History = [new HumanRequestHistoryEntry(now, request.CreatedBy.Trim(), HumanRequestAction.Create, null, HumanRequestStatus.Pending, request.Note)],
                        Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New },
                        Options = [.. request.Options.Select(o => o.Trim())],
                        ExpiresAt = request.ExpiresAt,
                    };

                    if (rule is null)
                    {
                        return pending;
                    }

                    var approved = Apply(pending, HumanRequestAction.Approve, "auto:" + rule.Name, null, now) with
                    {
                        Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.AutoApproved },
                    };
                    alerts = DueAlerts([.. all, approved], approved.Type, now);
                    return alerts.Count == 0 ? approved : WithAlerts(approved, alerts);
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (locked)
            {
                _budgetLock.Release();
            }
        }

        Log.Created(_logger, created.Id, created.Type.ToWireName(), created.CreatedBy, created.Title);
        if (created.ExpiresAt is not null)
        {
            _signal.Notify(); // the background service times the reminder and the expiry
        }

        if (rule is not null)
        {
            Log.AutoApproved(_logger, created.Id, rule.Name);
            LogAlerts(created.Id, alerts);
        }

        _signal.Notify();
        return created;
    }

    public async Task<HumanRequest> GetAsync(string requestId, CancellationToken cancellationToken = default) =>
        await FindAsync(requestId, cancellationToken).ConfigureAwait(false) ?? throw new HumanRequestNotFoundException(requestId);

    public async Task<HumanRequest?> FindAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        var found = await _store.GetAsync(requestId, cancellationToken).ConfigureAwait(false);
        var normalized = Normalize(requestId);
        return found is null && !string.Equals(normalized, requestId, StringComparison.Ordinal)
            ? await _store.GetAsync(normalized, cancellationToken).ConfigureAwait(false)
            : found;
    }

    public async Task<IReadOnlyList<HumanRequest>> ListAsync(HumanRequestFilter? filter = null, CancellationToken cancellationToken = default) =>
        await _store.QueryAsync(filter, cancellationToken).ConfigureAwait(false);

    public Task<HumanRequest> ApproveAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        SpendingTransitionAsync(() => TransitionAsync(requestId, HumanRequestAction.Approve, actor, note, extra: null, cancellationToken), cancellationToken);

    public Task<HumanRequest> ChooseAsync(string requestId, string choice, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(choice);
        return SpendingTransitionAsync(
            () => TransitionAsync(requestId, HumanRequestAction.Approve, actor, note, r => WithChoice(r, choice), cancellationToken),
            cancellationToken);
    }

    public Task<HumanRequest> RejectAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(requestId, HumanRequestAction.Reject, actor, note, extra: null, cancellationToken);

    public async Task<HumanRequest> PostponeAsync(string requestId, DateTimeOffset until, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        if (until <= _timeProvider.GetUtcNow())
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, "The postponement must end in the future.");
        }

        var result = await TransitionAsync(requestId, HumanRequestAction.Postpone, actor, note, r => r with { PostponedUntil = until }, cancellationToken).ConfigureAwait(false);
        _signal.Notify(); // the background service times the return to pending
        return result;
    }

    public Task<HumanRequest> PostponeAsync(string requestId, TimeSpan duration, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The postponement must be longer than zero.");
        }

        return PostponeAsync(requestId, _timeProvider.GetUtcNow() + duration, actor, note, cancellationToken);
    }

    public Task<HumanRequest> CompleteAsync(string requestId, decimal? actualCost, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        if (actualCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(actualCost), actualCost, "actualCost must be 0 or more.");
        }

        return SpendingTransitionAsync(
            () => TransitionAsync(requestId, HumanRequestAction.Complete, actor, note, r => r with { ActualCost = actualCost ?? r.ActualCost }, cancellationToken),
            cancellationToken);
    }

    public Task<HumanRequest> CancelAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(requestId, HumanRequestAction.Cancel, actor, note, extra: null, cancellationToken);

    internal static string FormatId(int number) => HumanRequestIds.Format(number);

    private static string Normalize(string requestId) => requestId.Trim().ToLowerInvariant();

    private async Task<HumanRequest> TransitionAsync(
        string requestId,
        HumanRequestAction action,
        string actor,
        string? note,
        Func<HumanRequest, HumanRequest>? extra,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        HumanRequest? before = null;
        HumanRequest? after = null;
        Func<HumanRequest, HumanRequest> change = current =>
        {
            before = current;
            after = Apply(current, action, actor, note, _timeProvider.GetUtcNow());
            return extra is null ? after : after = extra(after);
        };
        var saved = await _store.UpdateAsync(requestId, change, cancellationToken).ConfigureAwait(false);
        var normalized = Normalize(requestId);
        if (saved is null && !string.Equals(normalized, requestId, StringComparison.Ordinal))
        {
            saved = await _store.UpdateAsync(normalized, change, cancellationToken).ConfigureAwait(false);
        }

        if (saved is null)
        {
            throw new HumanRequestNotFoundException(requestId);
        }

        Log.Transitioned(_logger, saved.Id, action.ToWireName(), actor, before!.Status.ToWireName(), saved.Status.ToWireName());
        if (saved.Notification is { Kind: HumanRequestNotificationKind.Decided, Notified: false })
        {
            _signal.Notify(); // the outbox tells the notifiers now, not at the next poll
        }

        return saved;
    }
}
