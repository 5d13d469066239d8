using System.Globalization;
using D8.HumanRequests;

namespace D8.Dashboard.Internal;

/// <summary>
/// The overview's "spend per month" chart: the last 12 local months, stacked by request type, as spec §13 counts spend:
/// a completed request's actual cost (its estimate when none was given) in the month it was completed, and on top, in
/// grey, what approved but not yet completed requests commit (their estimate, in the month they were approved).
/// Rejected, cancelled, pending and postponed requests spend nothing.
/// </summary>
internal static class SpendChart
{
    /// <summary>How many months the chart shows, the current one last.</summary>
    public const int Months = 12;

    /// <summary>The series key of committed money (approved, not completed).</summary>
    public const string Committed = "committed";

    private static readonly HumanRequestType[] Types = Enum.GetValues<HumanRequestType>();

    private static readonly Dictionary<HumanRequestType, string> Colors = new()
    {
        [HumanRequestType.Payment] = "#1f6feb",
        [HumanRequestType.DesignDecision] = "#8250df",
        [HumanRequestType.ApiAccount] = "#bf8700",
        [HumanRequestType.ContentApproval] = "#1a7f37",
        [HumanRequestType.StrategicDecision] = "#cf222e",
        [HumanRequestType.Other] = "#6e7781",
    };

    /// <summary>One month: its first day (local) and the amounts per type (in <see cref="Types"/> order) plus the committed one last.</summary>
    internal sealed record MonthSpend(int Year, int Month, IReadOnlyList<decimal> Amounts)
    {
        public decimal Spent => Amounts.Take(Types.Length).Sum();

        public decimal Committed => Amounts[^1];
    }

    /// <summary>The last <see cref="Months"/> months of spend, oldest first.</summary>
    public static IReadOnlyList<MonthSpend> Aggregate(IEnumerable<HumanRequest> requests, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var months = Enumerable.Range(0, Months).Select(i => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(i - (Months - 1))).ToList();
        var amounts = months.Select(_ => new decimal[Types.Length + 1]).ToList();
        foreach (var request in requests)
        {
            var (when, amount, slot) = request.Status switch
            {
                HumanRequestStatus.Completed => (request.CompletedAt ?? request.CreatedAt, request.ActualCost ?? request.EstimatedCost ?? 0m, Array.IndexOf(Types, request.Type)),
                HumanRequestStatus.Approved => (request.ApprovedAt ?? request.CreatedAt, request.EstimatedCost ?? 0m, Types.Length),
                _ => (default(DateTimeOffset), 0m, -1),
            };
            if (slot < 0 || amount <= 0)
            {
                continue;
            }

            var at = TimeZoneInfo.ConvertTime(when, zone);
            var index = months.FindIndex(m => m.Year == at.Year && m.Month == at.Month);
            if (index >= 0)
            {
                amounts[index][slot] += amount;
            }
        }

        return [.. months.Select((m, i) => new MonthSpend(m.Year, m.Month, amounts[i]))];
    }

    /// <summary>Appends the chart.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="months">From <see cref="Aggregate"/>.</param>
    /// <param name="monthlyBudget">
    /// The overall monthly budget (<c>D8:HumanRequests:Budgets:Monthly</c>), drawn as a dashed line; <see langword="null"/>
    /// draws none. Per-type budgets are in the budgets table under the chart (<see cref="RenderBudgets"/>): one line per
    /// type across stacked bars would not say which bar part it belongs to.
    /// </param>
    public static void Render(Html html, IReadOnlyList<MonthSpend> months, decimal? monthlyBudget = null)
    {
        var series = Types.Select(type => new BarChart.Series(type.ToWireName(), type.ToWireName(), Colors[type]))
            .Append(new BarChart.Series(Committed, "committed (approved, not completed)", "#b6c2d4")).ToList();
        var bars = months.Select(month =>
        {
            var name = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var parts = Types.Select((type, i) => (type, amount: month.Amounts[i])).Where(p => p.amount > 0).Select(p => $"{p.type.ToWireName()} {Html.Money(p.amount)}");
            var tooltip = $"{name:yyyy-MM}: spent {Html.Money(month.Spent)}" + (month.Spent > 0 ? $" ({string.Join(", ", parts)})" : string.Empty)
                + (month.Committed > 0 ? $", committed {Html.Money(month.Committed)}" : string.Empty);
            return new BarChart.Bar(name.ToString("yyyy-MM", CultureInfo.InvariantCulture), name.ToString("MMM", CultureInfo.InvariantCulture), tooltip, month.Amounts);
        }).ToList();
        var spent = months.Where(m => m.Spent > 0 || m.Committed > 0).Select(m => $"{m.Year:D4}-{m.Month:D2} {Html.Money(m.Spent)}{(m.Committed > 0 ? $" (+{Html.Money(m.Committed)} committed)" : string.Empty)}").ToList();
        var description = spent.Count == 0
            ? "Nothing spent or committed in the last 12 months."
            : $"Spend per month over the last 12 months: {string.Join("; ", spent)}.";
        var line = monthlyBudget is { } limit ? new BarChart.Line(limit, $"budget {Html.Money(limit)}") : null;
        BarChart.Render(html, "spend-per-month", "Spend per month (last 12 months)", description, series, bars, AxisMoney, line);
    }

    /// <summary>Appends the table of this month's budgets (<c>#budgets</c>): overall and per type, limit, spent, left,
    /// percentage; nothing when no budget is configured.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="budget">From <see cref="IHumanRequestManager.GetBudgetAsync"/>.</param>
    public static void RenderBudgets(Html html, HumanRequestBudget budget)
    {
        var lines = budget.CurrentMonth.Where(l => l.Limit is not null).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var month = string.Create(CultureInfo.InvariantCulture, $"{lines[0].Year:D4}-{lines[0].Month:D2}");
        html.Raw("<table id=\"budgets\"><caption>").Text($"Budgets in {month}").Raw("</caption>")
            .Raw("<thead><tr><th>Budget</th><th>Limit</th><th>Spent</th><th>Left</th><th>Used</th></tr></thead><tbody>");
        foreach (var line in lines)
        {
            var name = line.Type?.ToWireName() ?? "overall";
            var state = line.Percent switch { >= 100m => "over", >= 80m => "warn", _ => "ok" };
            html.Raw($"<tr data-budget=\"{Html.Encode(name)}\" data-state=\"{state}\"><td data-label=\"Budget\">").Text(name)
                .Raw("</td><td data-label=\"Limit\">").Text(Html.Money(line.Limit))
                .Raw("</td><td data-label=\"Spent\">").Text(Html.Money(line.Spent))
                .Raw("</td><td data-label=\"Left\">").Text(Html.Money(line.Remaining))
                .Raw("</td><td data-label=\"Used\">").Text(line.Percent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—")
                .Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static string AxisMoney(decimal value) => value.ToString(value == Math.Floor(value) ? "0" : "0.##", CultureInfo.InvariantCulture);
}
