namespace D8.HumanRequests.Internal;

/// <summary>Maps the <c>alerts</c> array of <c>requests.json</c> to the model and back. Reading refuses what it cannot
/// map faithfully (<see cref="FormatException"/>), like the requests' mapper.</summary>
internal static class OwnerAlertMapper
{
    public static IReadOnlyList<OwnerAlert> ToModel(List<StoredOwnerAlert>? stored, TimeZoneInfo localZone)
    {
        if (stored is null || stored.Count == 0)
        {
            return [];
        }

        var alerts = new OwnerAlert[stored.Count];
        var seen = new HashSet<string>(stored.Count, StringComparer.Ordinal);
        for (var i = 0; i < stored.Count; i++)
        {
            var where = $"alerts[{i}]";
            var s = stored[i] ?? throw new FormatException($"{where} is null");
            var id = Required(s.Id, where, "id");
            if (!seen.Add(id))
            {
                throw new FormatException($"{where}: the id '{id}' appears twice");
            }

            where = $"alerts[{i}] ('{id}')";
            alerts[i] = new OwnerAlert
            {
                Id = id,
                Source = Required(s.Source, where, "source"),
                Kind = Required(s.Kind, where, "kind"),
                Subject = s.Subject ?? string.Empty,
                Text = s.Text ?? string.Empty,
                Fields = s.Fields is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(s.Fields, StringComparer.Ordinal),
                CreatedAt = Timestamp(Required(s.CreatedAt, where, "created_at"), where, "created_at", localZone),
                Delivered = s.Delivered,
                Attempts = s.Attempts,
                NextAttemptAt = s.NextAttemptAt is null ? null : Timestamp(s.NextAttemptAt, where, "next_attempt_at", localZone),
                DeliveredTo = s.DeliveredTo is null ? [] : [.. s.DeliveredTo],
                LastError = s.LastError,
            };
        }

        return alerts;
    }

    public static List<StoredOwnerAlert>? ToStored(IReadOnlyList<OwnerAlert> alerts) =>
        alerts.Count == 0 ? null : [.. alerts.Select(ToStored)];

    public static StoredOwnerAlert ToStored(OwnerAlert a) => new()
    {
        Id = a.Id,
        Source = a.Source,
        Kind = a.Kind,
        Subject = a.Subject,
        Text = a.Text,
        Fields = new Dictionary<string, string>(a.Fields, StringComparer.Ordinal),
        CreatedAt = HumanRequestTimestamps.Format(a.CreatedAt),
        Delivered = a.Delivered,
        Attempts = a.Attempts,
        NextAttemptAt = HumanRequestTimestamps.Format(a.NextAttemptAt),
        DeliveredTo = [.. a.DeliveredTo],
        LastError = a.LastError,
    };

    private static string Required(string? value, string where, string field) =>
        string.IsNullOrEmpty(value) ? throw new FormatException($"{where}: \"{field}\" is missing") : value;

    private static DateTimeOffset Timestamp(string text, string where, string field, TimeZoneInfo localZone) =>
        HumanRequestTimestamps.TryParse(text, localZone, out var value)
            ? value
            : throw new FormatException($"{where}: \"{field}\" is not a timestamp: '{text}'");
}
