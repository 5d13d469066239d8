using System.Globalization;
using System.Text.RegularExpressions;

namespace D8.Telegram.Internal.Commands;

/// <summary>Durations (<c>30m</c>, <c>2h</c>, <c>1d</c>) and amounts (<c>$12.99</c>) typed in commands.</summary>
internal static partial class ArgumentParsers
{
    /// <summary>The longest postponement a command accepts.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>Whether a word is meant as a duration (starts with a digit), so a bad one is reported, not taken as a note.</summary>
    public static bool LooksLikeDuration(string word) => word.Length > 0 && char.IsAsciiDigit(word[0]);

    /// <summary>Whether a word is meant as an amount (<c>$…</c> or starts with a digit).</summary>
    public static bool LooksLikeAmount(string word) => word.Length > 0 && (word[0] == '$' || char.IsAsciiDigit(word[0]));

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        duration = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
        return duration <= MaxDuration;
    }

    /// <summary><c>$12.99</c>, <c>12.99</c>, <c>12,99</c>, <c>$12</c> → 12.99 / 12; never negative.</summary>
    public static bool TryParseAmount(string text, out decimal amount)
    {
        amount = default;
        var number = text.StartsWith('$') ? text[1..] : text;
        if (!AmountPattern().IsMatch(number))
        {
            return false;
        }

        return decimal.TryParse(number.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    [GeneratedRegex("^([0-9]{1,6})([mhdMHD])$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^[0-9]{1,9}([.,][0-9]{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
