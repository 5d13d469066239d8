using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace D8.Shared.Configuration;

/// <summary>
/// A <see cref="TimeSpan"/> option between <see cref="Minimum"/> and <see cref="Maximum"/> (inclusive), written as the
/// invariant <c>c</c> format (<c>00:00:01</c>, <c>1.00:00:00</c>). Stands in for
/// <c>[Range(typeof(TimeSpan), min, max)]</c>, whose constructor goes through a <c>TypeConverter</c> found by reflection
/// and therefore breaks trimming and NativeAOT (IL2026); this one parses its bounds once, without reflection, and the
/// <c>[OptionsValidator]</c> source generator calls it like any other validation attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
internal sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <summary>Creates the rule from its bounds in the invariant <c>c</c> format.</summary>
    /// <param name="minimum">The smallest allowed value, for example <c>00:00:01</c>.</param>
    /// <param name="maximum">The largest allowed value, for example <c>1.00:00:00</c>.</param>
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.ParseExact(minimum, "c", CultureInfo.InvariantCulture);
        Maximum = TimeSpan.ParseExact(maximum, "c", CultureInfo.InvariantCulture);
        if (Minimum > Maximum)
        {
            throw new ArgumentException($"The minimum {minimum} is greater than the maximum {maximum}.", nameof(minimum));
        }
    }

    /// <summary>Gets the smallest allowed value.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Gets the largest allowed value.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) =>
        value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum.ToString("c", CultureInfo.InvariantCulture), Maximum.ToString("c", CultureInfo.InvariantCulture));
}
