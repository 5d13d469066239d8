using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using D8.Shared.MasterApi;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>alerts</c>: the owner alerts (a slave down, recovered, on another version), newest first, and whether they reached
/// the notifiers; through the running master (<c>GET /api/v1/alerts</c>), else from <c>human_requests/requests.json</c>
/// directly. <c>--json</c> prints the API's shape.
/// </summary>
internal sealed class AlertsCommand : Command
{
    private const int MaxLimit = 500;

    private readonly CliContext _context;

    public AlertsCommand(CliContext context)
        : base("alerts", "Owner alerts (slave down, recovered, version mismatch), newest first, and their delivery to Telegram")
    {
        _context = context;
        var limit = GlobalOptions.Limit("At most this many", 20, MaxLimit);
        Options.Add(limit);
        SetAction((parseResult, cancellationToken) => VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            async (master, json) => await PrintAsync(await master.Client.ListAlertsAsync(parseResult.GetValue(limit), cancellationToken).ConfigureAwait(false), json).ConfigureAwait(false),
            (GlobalOptions.OfflineNotice, notice => VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: false,
                async (services, json) =>
                {
                    var alerts = await services.GetRequiredService<IHumanRequestStore>().GetAlertsAsync(cancellationToken).ConfigureAwait(false);
                    return await PrintAsync(OwnerAlertResponses.Newest(alerts, parseResult.GetValue(limit)), json).ConfigureAwait(false);
                },
                notice)),
            cancellationToken));
    }

    private async Task<int> PrintAsync(IReadOnlyList<OwnerAlertResponse> alerts, bool json)
    {
        if (json)
        {
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(alerts, D8MasterApiJsonContext.Default.IReadOnlyListOwnerAlertResponse)).ConfigureAwait(false);
            return MasterCli.Ok;
        }

        if (alerts.Count == 0)
        {
            await _context.Output.WriteLineAsync("No alerts.").ConfigureAwait(false);
            return MasterCli.Ok;
        }

        var table = new TextTable("RAISED", "KIND", "SUBJECT", "DELIVERY", "TEXT");
        foreach (var alert in alerts)
        {
            var delivery = alert.Delivered
                ? "sent"
                : alert.Attempts == 0 ? "not sent yet" : $"not sent ({alert.Attempts.ToString(CultureInfo.InvariantCulture)} failed: {alert.LastError})";
            table.AddRow(Names.Time(alert.CreatedAt), alert.Kind, alert.Subject, delivery, alert.Text);
        }

        await _context.Output.WriteAsync(table.ToString()).ConfigureAwait(false);
        return MasterCli.Ok;
    }
}
