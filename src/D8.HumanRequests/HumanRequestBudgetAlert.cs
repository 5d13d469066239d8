namespace D8.HumanRequests;

/// <summary>
/// A budget reached <see cref="Percent"/> of its limit in a month. Raised once per month, budget and percentage;
/// recorded on the request whose approval or completion reached it (<see cref="HumanRequest.BudgetAlerts"/>, stored
/// as <c>budget_alerts</c>), which is what makes "once" survive a restart in any store, and delivered to the notifiers
/// with that request's notification (<see cref="HumanRequestNotification.BudgetAlerts"/>).
/// </summary>
/// <param name="Type">The request type of the budget, or <see langword="null"/> for the overall budget.</param>
/// <param name="Year">The year of the month, e.g. 2026.</param>
/// <param name="Month">The month, 1–12 (local time).</param>
/// <param name="Percent">The threshold reached, one of <see cref="HumanRequestBudgetOptions.AlertPercentages"/>.</param>
/// <param name="Limit">The budget's limit.</param>
/// <param name="Spent">The month's spend when the alert was raised.</param>
/// <param name="RaisedAt">When it was raised.</param>
public sealed record HumanRequestBudgetAlert(
    HumanRequestType? Type,
    int Year,
    int Month,
    int Percent,
    decimal Limit,
    decimal Spent,
    DateTimeOffset RaisedAt)
{
    /// <summary>Whether this alert is for the same month, budget and percentage as <paramref name="other"/>.</summary>
    /// <param name="other">Another alert.</param>
    /// <returns><see langword="true"/> when they are the same alert raised twice.</returns>
    public bool SameAs(HumanRequestBudgetAlert other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Type == other.Type && Year == other.Year && Month == other.Month && Percent == other.Percent;
    }
}
