using System.Globalization;

namespace D8.Distributed.Cli.Internal;

/// <summary>Reads the durations of <c>postpone --for</c>: <c>30m</c>, <c>2h</c>, <c>1d</c> (as the Telegram bot does) or <c>1.02:00:00</c>.</summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        if (unit is 'm' or 'h' or 'd' or 'w'
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount > 0 && amount <= 100_000)
        {
            duration = unit switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
