using System.Globalization;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Timestamps as the old Python registry wrote them: <c>datetime.now().isoformat()</c> (local time, no offset,
/// microseconds only when non-zero) and the word <c>never</c> for a slave never seen.
/// </summary>
internal static class PythonTimestamp
{
    public const string Never = "never";

    public static DateTimeOffset? Parse(string? text, TimeZoneInfo localZone)
    {
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text, Never, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return null;
        }

        return parsed.Kind switch
        {
            DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
            DateTimeKind.Local => new DateTimeOffset(parsed),
            _ => new DateTimeOffset(parsed, localZone.GetUtcOffset(parsed)),
        };
    }

    public static string Format(DateTimeOffset? value, TimeZoneInfo localZone)
    {
        if (value is null)
        {
            return Never;
        }

        var local = TimeZoneInfo.ConvertTime(value.Value, localZone).DateTime;
        var microseconds = local.Ticks % TimeSpan.TicksPerSecond / 10;
        return microseconds == 0
            ? local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}
