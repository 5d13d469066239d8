using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace D8.HumanRequests;

/// <summary>
/// The one grammar of what people type about human requests: how long to postpone (<c>30m</c>, <c>2h</c>, <c>1d</c>,
/// <c>1w</c>, <c>1.02:00:00</c>) and how much something costs (<c>12.99</c>, <c>$12.99</c>, <c>12,99</c>). The CLI,
/// the Telegram bot and the dashboard all read their input through it, so the same words mean the same everywhere.
/// Invariant (no culture is consulted) and unambiguous: a text that could be read two ways is refused. Type and
/// status names are parsed by <see cref="HumanRequestNames"/>.
/// </summary>
public static partial class HumanRequestInput
{
    /// <summary>Gets the largest amount accepted: one million. Anything above is taken for a typo.</summary>
    public static decimal MaxAmount { get; } = 1_000_000m;

    /// <summary>Gets the longest duration accepted: 365 days.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Parses a duration: a whole number and a unit, <c>m</c> (minutes), <c>h</c> (hours), <c>d</c> (days) or
    /// <c>w</c> (weeks), case-insensitive and without a space (<c>30m</c>, <c>2h</c>, <c>1d</c>, <c>1w</c>); or a time span
    /// <c>[d.]hh:mm[:ss]</c> (<c>1.02:00:00</c>, <c>2:30</c>) with hours up to 23 and minutes and seconds up to 59.
    /// Surrounding white space is ignored. Refused: zero, anything longer than <see cref="MaxDuration"/>, a sign,
    /// fractions (<c>1.5h</c>: write <c>90m</c>), a bare number (<c>30</c>: minutes or days?).
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="duration">The duration read, or <see cref="TimeSpan.Zero"/> when the text is refused.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a duration of this grammar.</returns>
    public static bool TryParseDuration([NotNullWhen(true)] string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        TimeSpan parsed;
        if (UnitDuration().Match(trimmed) is { Success: true } unit)
        {
            var count = Number(unit.Groups["count"]);
            parsed = char.ToLowerInvariant(unit.Groups["unit"].Value[0]) switch
            {
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => TimeSpan.FromDays(7 * count),
            };
        }
        else if (ClockDuration().Match(trimmed) is { Success: true } clock)
        {
            var hours = Number(clock.Groups["hours"]);
            var minutes = Number(clock.Groups["minutes"]);
            var seconds = clock.Groups["seconds"].Success ? Number(clock.Groups["seconds"]) : 0;
            if (hours > 23 || minutes > 59 || seconds > 59)
            {
                return false;
            }

            var days = clock.Groups["days"].Success ? Number(clock.Groups["days"]) : 0;
            parsed = new TimeSpan(days, hours, minutes, seconds);
        }
        else
        {
            return false;
        }

        if (parsed <= TimeSpan.Zero || parsed > MaxDuration)
        {
            return false;
        }

        duration = parsed;
        return true;
    }

    /// <summary>
    /// Parses an amount of money in the requests' currency: digits, optionally one decimal separator (<c>.</c> or
    /// <c>,</c>) followed by one or two digits, optionally prefixed by <c>$</c> (<c>12</c>, <c>12.99</c>,
    /// <c>12,99</c>, <c>$12.99</c>). Surrounding white space is ignored. Refused: a sign (<c>-5</c>), more than
    /// <see cref="MaxAmount"/>, thousands separators and three decimals (<c>1,234.50</c>, <c>1.234</c>: a thousand or
    /// one and a bit?), an exponent, another currency symbol (<c>12.99€</c>: amounts are never converted), white space
    /// inside (<c>$ 12</c>).
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="amount">The amount read (0 or more), or 0 when the text is refused.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an amount of this grammar.</returns>
    public static bool TryParseAmount([NotNullWhen(true)] string? text, out decimal amount)
    {
        amount = 0m;
        if (text is null || Amount().Match(text.Trim()) is not { Success: true } match)
        {
            return false;
        }

        var number = match.Groups["cents"].Success
            ? $"{match.Groups["units"].Value}.{match.Groups["cents"].Value}"
            : match.Groups["units"].Value;
        var parsed = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (parsed > MaxAmount)
        {
            return false;
        }

        amount = parsed;
        return true;
    }

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    // At most 6 digits: enough for any duration up to MaxDuration in minutes (525,600), and no overflow.
    [GeneratedRegex("^(?<count>[0-9]{1,6})(?<unit>[mhdwMHDW])\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitDuration();

    [GeneratedRegex("^(?:(?<days>[0-9]{1,3})\\.)?(?<hours>[0-9]{1,2}):(?<minutes>[0-9]{2})(?::(?<seconds>[0-9]{2}))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClockDuration();

    // At most 7 digits before the separator: MaxAmount has 7.
    [GeneratedRegex("^\\$?(?<units>[0-9]{1,7})(?:[.,](?<cents>[0-9]{1,2}))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();
}
