using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>The manager: validation, the state machine, auto-approval, waiting; persistence through the store.</summary>
internal sealed partial class HumanRequestManager : IHumanRequestManager
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
        Observe(await _store.ReadAsync(cancellationToken).ConfigureAwait(false));

    public async Task<HumanRequest> CreateAsync(NewHumanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var rule = _options.AutoApprovalRules.FirstOrDefault(r => r is not null && r.Matches(request));

        HumanRequest? created = null;
        var snapshot = await _store.UpdateAsync(
            current =>
            {
                var number = current.Counter + 1;
                while (current.Find(FormatId(number)) is not null)
                {
                    number++; // a hand-edited counter must never make us reuse an id
                }

                var now = _timeProvider.GetUtcNow();
                created = new HumanRequest
                {
                    Id = FormatId(number),
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
                };

                if (rule is not null)
                {
                    var actor = "auto:" + rule.Name;
                    created = Apply(created, HumanRequestAction.Approve, actor, null, now) with
                    {
                        Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.AutoApproved },
                    };
                }

                return current.WithCounter(number).WithRequest(created);
            },
            cancellationToken).ConfigureAwait(false);

        Log.Created(_logger, created!.Id, created.Type.ToWireName(), created.CreatedBy, created.Title);
        if (rule is not null)
        {
            Log.AutoApproved(_logger, created.Id, rule.Name);
        }

        Observe(snapshot);
        _signal.Notify();
        return created;
    }

    public async Task<HumanRequest> GetAsync(string requestId, CancellationToken cancellationToken = default) =>
        await FindAsync(requestId, cancellationToken).ConfigureAwait(false) ?? throw new HumanRequestNotFoundException(requestId);

    public async Task<HumanRequest?> FindAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return Find(snapshot, requestId);
    }

    public async Task<IReadOnlyList<HumanRequest>> ListAsync(HumanRequestFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return filter is null ? [.. snapshot.Requests] : [.. snapshot.Requests.Where(filter.Matches)];
    }

    public Task<HumanRequest> ApproveAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(requestId, HumanRequestAction.Approve, actor, note, extra: null, cancellationToken);

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

        return TransitionAsync(requestId, HumanRequestAction.Complete, actor, note, r => r with { ActualCost = actualCost ?? r.ActualCost }, cancellationToken);
    }

    public Task<HumanRequest> CancelAsync(string requestId, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(requestId, HumanRequestAction.Cancel, actor, note, extra: null, cancellationToken);

    public async Task<HumanRequestBudget> GetBudgetAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var zone = _timeProvider.LocalTimeZone;
        var total = HumanRequestCostTotals.Zero;
        var byType = new Dictionary<HumanRequestType, HumanRequestCostTotals>();
        var byMonth = new SortedDictionary<(int Year, int Month), HumanRequestCostTotals>();
        foreach (var request in snapshot.Requests)
        {
            if (request.Status is HumanRequestStatus.Rejected or HumanRequestStatus.Cancelled)
            {
                continue;
            }

            total = total.Add(request);
            byType[request.Type] = (byType.TryGetValue(request.Type, out var t) ? t : HumanRequestCostTotals.Zero).Add(request);
            var local = TimeZoneInfo.ConvertTime(request.CreatedAt, zone);
            var month = (local.Year, local.Month);
            byMonth[month] = (byMonth.TryGetValue(month, out var m) ? m : HumanRequestCostTotals.Zero).Add(request);
        }

        return new HumanRequestBudget
        {
            Total = total,
            ByType = byType,
            ByMonth = [.. byMonth.Select(p => new HumanRequestMonthlyCost(p.Key.Year, p.Key.Month, p.Value))],
        };
    }

    internal static string FormatId(int number) => $"req-{number:D4}";

    private static HumanRequest? Find(HumanRequestStoreSnapshot snapshot, string requestId) =>
        snapshot.Find(requestId) ?? snapshot.Find(requestId.Trim().ToLowerInvariant());

    private async Task<HumanRequestStoreSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
        Observe(snapshot);
        return snapshot;
    }

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
        var snapshot = await _store.UpdateAsync(
            current =>
            {
                before = Find(current, requestId) ?? throw new HumanRequestNotFoundException(requestId);
                after = Apply(before, action, actor, note, _timeProvider.GetUtcNow());
                if (extra is not null)
                {
                    after = extra(after);
                }

                return current.WithRequest(after);
            },
            cancellationToken).ConfigureAwait(false);

        Log.Transitioned(_logger, after!.Id, action.ToWireName(), actor, before!.Status.ToWireName(), after.Status.ToWireName());
        Observe(snapshot);
        return after;
    }
}
