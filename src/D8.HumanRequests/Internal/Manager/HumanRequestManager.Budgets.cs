namespace D8.HumanRequests.Internal;

/// <summary>Budgets: the running cap of auto-approval, the 80 % / 100 % alerts and the spend report.</summary>
/// <remarks>
/// Every step that can spend (a create that a rule may approve, an approval, a completion) runs under
/// <see cref="_budgetLock"/>, so two concurrent creates cannot both see the same money left. The lock is per process:
/// auto-approval runs in the master (the CLI and the API create through it), so that is where it must hold.
/// </remarks>
internal sealed partial class HumanRequestManager
{
    private readonly SemaphoreSlim _budgetLock = new(1, 1);

    /// <summary>Releases the budget lock (the container disposes the singleton at shutdown).</summary>
    public void Dispose() => _budgetLock.Dispose();

    private bool HasBudgets => _options.Budgets.Monthly is not null || _options.Budgets.ByType.Count > 0;

    private TimeZoneInfo Zone => _timeProvider.LocalTimeZone;

    public async Task<HumanRequestBudget> GetBudgetAsync(CancellationToken cancellationToken = default)
    {
        var totals = await _store.GetBudgetAsync(Zone, cancellationToken).ConfigureAwait(false);
        var all = await _store.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var month = HumanRequestSpend.MonthOf(_timeProvider.GetUtcNow(), Zone);
        var budgets = _options.Budgets;
        var lines = new List<HumanRequestBudgetLine>
        {
            new(month.Year, month.Month, null, budgets.Monthly, HumanRequestSpend.SpentIn(all, month, null, Zone)),
        };
        foreach (var type in Enum.GetValues<HumanRequestType>())
        {
            var spent = HumanRequestSpend.SpentIn(all, month, type, Zone);
            var limit = budgets.LimitOf(type);
            if (limit is not null || spent != 0m)
            {
                lines.Add(new(month.Year, month.Month, type, limit, spent));
            }
        }

        return totals with
        {
            Spend = HumanRequestSpend.ByMonth(all, Zone),
            CurrentMonth = lines,
            MonthlyLimit = budgets.Monthly,
            TypeLimits = new Dictionary<HumanRequestType, decimal>(budgets.ByType),
        };
    }

    /// <summary>The first rule that matches, unless approving would go past what is left of a budget this month.</summary>
    private HumanRequestAutoApprovalRule? PickRule(NewHumanRequest request, IReadOnlyList<HumanRequest> all)
    {
        var rule = _options.AutoApprovalRules.FirstOrDefault(r => r is not null && r.Matches(request));
        if (rule is null || !HasBudgets)
        {
            return rule;
        }

        var month = HumanRequestSpend.MonthOf(_timeProvider.GetUtcNow(), Zone);
        var cost = request.EstimatedCost ?? 0m;
        foreach (var type in (HumanRequestType?[])[null, request.Type])
        {
            if (_options.Budgets.LimitOf(type) is { } limit)
            {
                var spent = HumanRequestSpend.SpentIn(all, month, type, Zone);
                if (spent + cost > limit)
                {
                    Log.AutoApprovalHeldBack(_logger, request.Title, rule.Name, BudgetName(type), Math.Max(0m, limit - spent));
                    return null;
                }
            }
        }

        return rule;
    }

    /// <summary>The alerts that are due for the budgets <paramref name="type"/> counts against, given every request
    /// (including the one just changed) and not raised yet this month.</summary>
    private List<HumanRequestBudgetAlert> DueAlerts(IReadOnlyCollection<HumanRequest> all, HumanRequestType type, DateTimeOffset now)
    {
        var due = new List<HumanRequestBudgetAlert>();
        if (!HasBudgets)
        {
            return due;
        }

        var month = HumanRequestSpend.MonthOf(now, Zone);
        var raised = all.SelectMany(r => r.BudgetAlerts).ToList();
        foreach (var scope in (HumanRequestType?[])[null, type])
        {
            if (_options.Budgets.LimitOf(scope) is not { } limit)
            {
                continue;
            }

            var spent = HumanRequestSpend.SpentIn(all, month, scope, Zone);
            foreach (var percent in HumanRequestBudgetOptions.AlertPercentages)
            {
                var alert = new HumanRequestBudgetAlert(scope, month.Year, month.Month, percent, limit, spent, now);
                var reached = limit == 0m ? spent > 0m : spent * 100m >= limit * percent;
                if (reached && !raised.Exists(alert.SameAs))
                {
                    due.Add(alert);
                }
            }
        }

        return due;
    }

    /// <summary>Records <paramref name="due"/> on the request and queues them for the notifiers.</summary>
    private static HumanRequest WithAlerts(HumanRequest request, IReadOnlyList<HumanRequestBudgetAlert> due) => request with
    {
        BudgetAlerts = [.. request.BudgetAlerts, .. due],

        // An undelivered notification takes the alerts along; the outbox then sees the entry changed and delivers it
        // again with them (at least once) rather than marking it delivered without them.
        Notification = request.Notification is { Notified: false } pending
            ? pending with { BudgetAlerts = [.. pending.BudgetAlerts, .. due], NextAttemptAt = null }
            : new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.BudgetAlert, BudgetAlerts = due },
    };

    /// <summary>Runs an approval or completion under the budget lock and raises the alerts it made due.</summary>
    private async Task<HumanRequest> SpendingTransitionAsync(Func<Task<HumanRequest>> transition, CancellationToken cancellationToken)
    {
        if (!HasBudgets)
        {
            return await transition().ConfigureAwait(false);
        }

        await _budgetLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = await transition().ConfigureAwait(false);
            var all = await _store.QueryAsync(null, cancellationToken).ConfigureAwait(false);
            var due = DueAlerts(all, saved.Type, _timeProvider.GetUtcNow());
            if (due.Count == 0)
            {
                return saved;
            }

            var updated = await _store.UpdateAsync(saved.Id, r => WithAlerts(r, due), CancellationToken.None).ConfigureAwait(false) ?? saved;
            LogAlerts(updated.Id, due);
            _signal.Notify();
            return updated;
        }
        finally
        {
            _budgetLock.Release();
        }
    }

    private void LogAlerts(string requestId, IEnumerable<HumanRequestBudgetAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            Log.BudgetAlertRaised(_logger, BudgetName(alert.Type), alert.Percent, alert.Year, alert.Month, alert.Spent, alert.Limit, requestId);
        }
    }

    private static string BudgetName(HumanRequestType? type) => type?.ToWireName() ?? "overall";
}
