using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using D8.Shared.MasterApi;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>budget</c>: this month's spend of the human requests against the monthly budgets, and the spend per month; through
/// the running master (<c>GET /api/v1/budget</c>), else from <c>human_requests/requests.json</c> directly. <c>--json</c>
/// prints the API's shape.
/// </summary>
internal sealed class BudgetCommand : Command
{
    private readonly CliContext _context;

    public BudgetCommand(CliContext context)
        : base("budget", "Spend of the human requests this month against the budgets (D8:HumanRequests:Budgets), and per month")
    {
        _context = context;
        SetAction((parseResult, cancellationToken) => VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            async (master, json) => await PrintAsync(await master.Client.GetBudgetAsync(cancellationToken).ConfigureAwait(false), json).ConfigureAwait(false),
            (GlobalOptions.OfflineNotice, notice => VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: false,
                async (services, json) => await PrintAsync(From(await services.GetRequiredService<IHumanRequestManager>().GetBudgetAsync(cancellationToken).ConfigureAwait(false)), json).ConfigureAwait(false),
                notice)),
            cancellationToken));
    }

    /// <summary>The manager's figures in the API's shape, so both paths print the same.</summary>
    public static BudgetResponse From(HumanRequestBudget budget) => BudgetResponses.From(budget);


    private async Task<int> PrintAsync(BudgetResponse budget, bool json)
    {
        if (json)
        {
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(budget, D8MasterApiJsonContext.Default.BudgetResponse)).ConfigureAwait(false);
            return MasterCli.Ok;
        }

        var table = new TextTable("BUDGET", "LIMIT", "SPENT", "LEFT", "USED");
        foreach (var line in budget.Current)
        {
            table.AddRow(line.RequestType ?? "overall", Names.Money(line.Limit), Names.Money(line.Spent), Names.Money(line.Remaining),
                line.Percent is { } percent ? percent.ToString("0.#", CultureInfo.InvariantCulture) + " %" : null);
        }

        await _context.Output.WriteLineAsync($"Spend in {budget.Month} (actual cost of completed requests + estimated cost of approved ones):").ConfigureAwait(false);
        await _context.Output.WriteAsync(table.ToString()).ConfigureAwait(false);
        if (budget.MonthlyLimit is null && budget.TypeLimits.Count == 0)
        {
            await _context.Output.WriteLineAsync("No budget is configured (D8:HumanRequests:Budgets:Monthly, D8:HumanRequests:Budgets:ByType:<type>).").ConfigureAwait(false);
        }

        if (budget.Months.Count > 0)
        {
            var months = new TextTable("MONTH", "SPENT", "BY TYPE");
            foreach (var month in budget.Months)
            {
                months.AddRow(month.Month, Names.Money(month.Total), string.Join(", ", month.ByType.Select(p => $"{p.Key} {Names.Money(p.Value)}")));
            }

            await _context.Output.WriteLineAsync().ConfigureAwait(false);
            await _context.Output.WriteAsync(months.ToString()).ConfigureAwait(false);
        }

        return MasterCli.Ok;
    }
}
