using D8.Distributed.Contracts;
using D8.HumanRequests;

namespace D8.Shared.MasterApi;

/// <summary>
/// The owner alerts in the master API's shape (<c>GET /api/v1/alerts</c>): one mapping and one order (newest first),
/// compiled into the dashboard (which serves them) and the CLI (which prints the same when it works on the files).
/// </summary>
internal static class OwnerAlertResponses
{
    /// <summary>The newest <paramref name="limit"/> of <paramref name="alerts"/> (which a store lists in creation order).</summary>
    public static IReadOnlyList<OwnerAlertResponse> Newest(IReadOnlyList<OwnerAlert> alerts, int limit) =>
        [.. alerts.Reverse().Take(limit).Select(From)];

    public static OwnerAlertResponse From(OwnerAlert alert) => new()
    {
        AlertId = alert.Id,
        Source = alert.Source,
        Kind = alert.Kind,
        Subject = alert.Subject,
        Text = alert.Text,
        Fields = alert.Fields,
        CreatedAt = alert.CreatedAt,
        Delivered = alert.Delivered,
        DeliveredTo = alert.DeliveredTo,
        Attempts = alert.Attempts,
        NextAttemptAt = alert.Delivered ? null : alert.NextAttemptAt,
        LastError = alert.LastError,
    };
}
