using System.Globalization;
using System.Numerics;

namespace D8.Shared.Configuration;

/// <summary>
/// The conversion of one configuration value. Everything is read with the invariant culture, so a setting means the same
/// on every machine: numbers take a dot for decimals and no thousands separators (<c>20,00</c> is refused, not read as
/// 2000 or 20); booleans are <c>true</c>/<c>false</c>; durations are <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c> (a number
/// alone and hours above 23 without a day part are refused: the .NET parser would read <c>30</c> and <c>30:00:00</c> as
/// 30 days); enums take their names, PascalCase or snake_case, in any case (<c>DesignDecision</c>,
/// <c>design_decision</c>), never their numbers; URLs must be absolute.
/// </summary>
internal sealed partial class StrictConfigurationBinder
{
    private static readonly Type[] ScalarTypes =
    [
        typeof(string), typeof(bool), typeof(char),
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal),
        typeof(TimeSpan), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(Uri),
    ];

    private static bool IsScalar(Type type) => type.IsEnum || ScalarTypes.Contains(type);

    /// <summary>Converts <paramref name="value"/>; on failure <paramref name="problem"/> completes "'value' ...".</summary>
    private bool TryConvert(string value, Type type, out object? result, out string problem)
    {
        problem = string.Empty;
        result = null;
        if (type == typeof(string))
        {
            result = value;
            return true;
        }

        var text = value.Trim();
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (text.Length == 0)
            {
                return true;
            }

            type = underlying;
        }

        if (_parsers.TryGetValue(type, out var custom))
        {
            if (custom.Parse(text, out result) && result is not null)
            {
                return true;
            }

            problem = $"is not {custom.Expected}";
            return false;
        }

        if (type.IsEnum)
        {
            return TryEnum(text, type, out result, out problem);
        }

        return type switch
        {
            _ when type == typeof(bool) => Check(bool.TryParse(text, out var flag), flag, "is not true or false", out result, out problem),
            _ when type == typeof(char) => Check(text.Length == 1, text.Length == 1 ? text[0] : default, "is not a single character", out result, out problem),
            _ when type == typeof(sbyte) => TryInteger<sbyte>(text, out result, out problem),
            _ when type == typeof(byte) => TryInteger<byte>(text, out result, out problem),
            _ when type == typeof(short) => TryInteger<short>(text, out result, out problem),
            _ when type == typeof(ushort) => TryInteger<ushort>(text, out result, out problem),
            _ when type == typeof(int) => TryInteger<int>(text, out result, out problem),
            _ when type == typeof(uint) => TryInteger<uint>(text, out result, out problem),
            _ when type == typeof(long) => TryInteger<long>(text, out result, out problem),
            _ when type == typeof(ulong) => TryInteger<ulong>(text, out result, out problem),
            _ when type == typeof(float) => TryNumber<float>(text, out result, out problem),
            _ when type == typeof(double) => TryNumber<double>(text, out result, out problem),
            _ when type == typeof(decimal) => TryNumber<decimal>(text, out result, out problem),
            _ when type == typeof(TimeSpan) => TryDuration(text, out result, out problem),
            _ when type == typeof(DateTimeOffset) => Check(
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment), moment,
                "is not a date and time (ISO 8601, for example 2025-11-20T10:00:00Z)", out result, out problem),
            _ when type == typeof(DateTime) => Check(
                DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time), time,
                "is not a date and time (ISO 8601, for example 2025-11-20T10:00:00)", out result, out problem),
            _ when type == typeof(DateOnly) => Check(
                DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var date), date, "is not a date (for example 2025-11-20)", out result, out problem),
            _ when type == typeof(TimeOnly) => Check(
                TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var clock), clock, "is not a time of day (for example 10:30:00)", out result, out problem),
            _ when type == typeof(Guid) => Check(Guid.TryParse(text, out var id), id, "is not a GUID", out result, out problem),
            _ when type == typeof(Uri) => Check(
                Uri.TryCreate(text, UriKind.Absolute, out var uri) && !IsImplicitFilePath(uri, text), uri,
                "is not an absolute URL (for example https://example.org)", out result, out problem),
            _ => Check(false, 0, $"cannot be read (the type {type.Name} is not supported by D8 configuration binding)", out result, out problem),
        };
    }

    // On Unix "/relative" parses as an absolute file URI; a setting that means a URL must say its scheme.
    private static bool IsImplicitFilePath(Uri uri, string text) =>
        uri.IsFile && !text.StartsWith(Uri.UriSchemeFile + ":", StringComparison.OrdinalIgnoreCase);

    private static bool Check<T>(bool parsed, T value, string expected, out object? result, out string problem)
    {
        result = parsed ? value : null;
        problem = parsed ? string.Empty : expected;
        return parsed;
    }

    private static bool TryInteger<T>(string text, out object? result, out string problem)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return Check(true, number, string.Empty, out result, out problem);
        }

        var expected = BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"is out of range ({T.MinValue.ToString(null, CultureInfo.InvariantCulture)} to {T.MaxValue.ToString(null, CultureInfo.InvariantCulture)})"
            : "is not a whole number";
        return Check(false, number, expected, out result, out problem);
    }

    private static bool TryNumber<T>(string text, out object? result, out string problem)
        where T : struct, INumber<T>
    {
        if (T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && T.IsFinite(number))
        {
            return Check(true, number, string.Empty, out result, out problem);
        }

        // "20,00" is what a Spanish or German keyboard gives: say what to write instead.
        var hint = text.Count(c => c == ',') == 1 && !text.Contains('.', StringComparison.Ordinal)
            ? $" (the decimal separator is a dot: {text.Replace(',', '.')})"
            : string.Empty;
        return Check(false, number, "is not a number" + hint, out result, out problem);
    }

    private static bool TryDuration(string text, out object? result, out string problem)
    {
        // Text the .NET parser reads in one way where a person may well have meant another: a number alone ("30" is 30
        // days to it; "1.5" could be any unit) and hours above 23 without a day part ("30:00:00" is 30 days to it).
        const string Expected = "is not a duration (hh:mm:ss or d.hh:mm:ss: 00:00:30 is 30 seconds, 1.00:00:00 is a day)";
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            return Check(
                false, TimeSpan.Zero,
                number ? "is not a duration: a number alone is ambiguous; write hh:mm:ss (00:00:30 is 30 seconds) or d.hh:mm:ss (1.00:00:00 is a day)" : Expected,
                out result, out problem);
        }

        if (HoursWithoutDays(text) is { } ambiguous)
        {
            return Check(false, TimeSpan.Zero, ambiguous, out result, out problem);
        }

        return Check(TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration), duration, Expected, out result, out problem);
    }

    /// <summary>
    /// The failure of hours above 23 without a day part, giving both readings: <c>30:00</c> is refused by the .NET
    /// parser although it means 00:30:00 (minutes:seconds) or 1.06:00:00 (hours:minutes); <c>30:00:00</c> is read by it
    /// as 30 days (days:hours:minutes) where 1.06:00:00 was probably meant. <see langword="null"/> for anything else.
    /// </summary>
    private static string? HoursWithoutDays(string text)
    {
        var negative = text.StartsWith('-');
        var parts = text.TrimStart('-').Split(':', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours < 24)
        {
            return null;
        }

        string Format(TimeSpan duration) => (negative ? duration.Negate() : duration).ToString("c", CultureInfo.InvariantCulture);
        const string Prefix = "is not a duration: hours above 23 need a day part";
        if (!parts[1].Contains(':', StringComparison.Ordinal))
        {
            return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes < 60
                ? $"{Prefix}; write {Format(new TimeSpan(0, hours, minutes))} for minutes:seconds or {Format(new TimeSpan(hours, minutes, 0))} for hours:minutes"
                : null;
        }

        if (!TimeSpan.TryParse("00:" + parts[1], CultureInfo.InvariantCulture, out var rest))
        {
            return null;
        }

        var asHours = Format(TimeSpan.FromHours(hours) + rest);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var asDays)
            ? $"{Prefix}; write {asHours} for hours:minutes:seconds or {asDays.ToString("c", CultureInfo.InvariantCulture)} for days:hours:minutes"
            : $"{Prefix}; write {asHours} for hours:minutes:seconds";
    }

    private static bool TryEnum(string text, Type type, out object? result, out string problem)
    {
        var names = Enum.GetNames(type);
        var wanted = WithoutSeparators(text);
        var name = names.FirstOrDefault(candidate => string.Equals(candidate, wanted, StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Check(true, Enum.Parse(type, name), string.Empty, out result, out problem)
            : Check(false, 0, $"is not one of {string.Join(", ", names)}", out result, out problem);
    }

    /// <summary><c>design_decision</c> → <c>designdecision</c>, compared case-insensitively with <c>DesignDecision</c>.</summary>
    private static string WithoutSeparators(string text) =>
        text.Length == 0 || char.IsAsciiDigit(text[0]) ? "\0" : text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    private sealed record CustomParser(ConfigurationValueParser<object?> Parse, string Expected);
}
