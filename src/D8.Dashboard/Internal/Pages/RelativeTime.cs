using System.Globalization;

namespace D8.Dashboard.Internal;

/// <summary>
/// "3 min ago" / "in 2 h" for the pages, rendered on the server from the injected <see cref="TimeProvider"/> (so a
/// test with a fake clock sees fixed text) inside a <c>&lt;time&gt;</c> whose <c>title</c> is the absolute local time.
/// </summary>
internal static class RelativeTime
{
    /// <summary>Beyond this, a date says more than "41 d ago".</summary>
    private static readonly TimeSpan DateAfter = TimeSpan.FromDays(30);

    /// <summary>The text for <paramref name="time"/> seen at <paramref name="now"/>: "just now", "45 s ago",
    /// "3 min ago", "2 h ago", "5 d ago", "in 2 h", or the date (<c>yyyy-MM-dd</c>, in <paramref name="zone"/>)
    /// when it is more than 30 days away. Units are whole and rounded down, so "59 min ago" never reads "1 h".</summary>
    public static string Format(DateTimeOffset time, DateTimeOffset now, TimeZoneInfo zone)
    {
        var difference = now - time;
        var future = difference < TimeSpan.Zero;
        var distance = future ? difference.Negate() : difference;
        if (distance < TimeSpan.FromSeconds(10))
        {
            return "just now";
        }

        if (distance >= DateAfter)
        {
            return TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var amount = distance switch
        {
            { TotalMinutes: < 1 } => Whole(distance.TotalSeconds) + " s",
            { TotalHours: < 1 } => Whole(distance.TotalMinutes) + " min",
            { TotalDays: < 1 } => Whole(distance.TotalHours) + " h",
            _ => Whole(distance.TotalDays) + " d",
        };
        return future ? "in " + amount : amount + " ago";
    }

    /// <summary>The absolute time in <paramref name="zone"/>, as the hover text shows it.</summary>
    public static string Absolute(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary><c>&lt;time datetime="…" title="absolute"&gt;relative&lt;/time&gt;</c>, or <paramref name="none"/> (encoded) without a time.</summary>
    public static string Markup(DateTimeOffset? time, DateTimeOffset now, TimeZoneInfo zone, string none = "—")
    {
        if (time is not { } value)
        {
            return Html.Encode(none);
        }

        var machine = value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{machine}\" title=\"{Html.Encode(Absolute(value, zone))}\">{Html.Encode(Format(value, now, zone))}</time>";
    }

    private static string Whole(double value) => ((long)Math.Floor(value)).ToString(CultureInfo.InvariantCulture);
}
