using System.Globalization;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Timestamps in the file. The old system wrote naive local times (<c>2026-11-26T00:47:15.015141</c>); we read
/// those in the local time zone and always write ISO 8601 with an explicit offset and microseconds, which Python's
/// <c>datetime.fromisoformat</c> also reads.
/// </summary>
internal static class HumanRequestTimestamps
{
    private const string WriteFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz";

    public static string Format(DateTimeOffset value) => value.ToString(WriteFormat, CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    public static bool TryParse(string text, TimeZoneInfo localZone, out DateTimeOffset value)
    {
        value = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return false;
        }

        if (parsed.Kind == DateTimeKind.Unspecified)
        {
            value = new DateTimeOffset(parsed, localZone.GetUtcOffset(parsed));
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
