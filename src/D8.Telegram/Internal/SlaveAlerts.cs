using System.Globalization;
using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Telegram.Internal;

/// <summary>A slave event as an <see cref="OwnerAlert"/> (source <c>slave</c>) and back: the fields keep everything
/// <see cref="Texts.SlaveMessageFormatter.Event"/> needs, so the alert is formatted in the bot's language when it is
/// delivered, also by another master or after a restart.</summary>
internal static class SlaveAlerts
{
    public const string Source = "slave";
    public const string PreviousStatus = "previous_status";
    public const string CurrentStatus = "current_status";
    public const string OccurredAt = "occurred_at";
    public const string Detail = "detail";

    public static NewOwnerAlert ToAlert(SlaveEvent slaveEvent)
    {
        ArgumentNullException.ThrowIfNull(slaveEvent);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PreviousStatus] = slaveEvent.PreviousStatus.ToString(),
            [CurrentStatus] = slaveEvent.CurrentStatus.ToString(),
            [OccurredAt] = slaveEvent.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (slaveEvent.Detail is { } detail)
        {
            fields[Detail] = detail;
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Slave {slaveEvent.SlaveId}: {KindName(slaveEvent.Kind)} ({slaveEvent.PreviousStatus} -> {slaveEvent.CurrentStatus}){(slaveEvent.Detail is null ? string.Empty : ": " + slaveEvent.Detail)}");
        return new NewOwnerAlert(Source, KindName(slaveEvent.Kind), slaveEvent.SlaveId, text) { Fields = fields };
    }

    /// <summary>The slave event an alert was made from; <see langword="false"/> for another source or a field this
    /// version does not know (the alert is then shown by its text).</summary>
    public static bool TryToEvent(OwnerAlert alert, out SlaveEvent slaveEvent)
    {
        ArgumentNullException.ThrowIfNull(alert);
        slaveEvent = null!;
        if (!string.Equals(alert.Source, Source, StringComparison.Ordinal)
            || ParseKind(alert.Kind) is not { } kind
            || !TryStatus(alert, PreviousStatus, out var previous)
            || !TryStatus(alert, CurrentStatus, out var current)
            || !alert.Fields.TryGetValue(OccurredAt, out var at)
            || !DateTimeOffset.TryParseExact(at, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredAt))
        {
            return false;
        }

        slaveEvent = new SlaveEvent(kind, alert.Subject, previous, current, occurredAt, alert.Fields.GetValueOrDefault(Detail));
        return true;
    }

    public static string KindName(SlaveEventKind kind) => kind switch
    {
        SlaveEventKind.Down => "down",
        SlaveEventKind.Recovered => "recovered",
        _ => "version_mismatch",
    };

    private static SlaveEventKind? ParseKind(string name) => name switch
    {
        "down" => SlaveEventKind.Down,
        "recovered" => SlaveEventKind.Recovered,
        "version_mismatch" => SlaveEventKind.VersionMismatch,
        _ => null,
    };

    private static bool TryStatus(OwnerAlert alert, string field, out SlaveStatus status)
    {
        status = default;
        return alert.Fields.TryGetValue(field, out var name)
            && Enum.TryParse(name, ignoreCase: false, out status)
            && Enum.IsDefined(status);
    }
}
