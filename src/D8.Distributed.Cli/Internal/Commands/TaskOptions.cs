using System.CommandLine;
using System.Globalization;

namespace D8.Distributed.Cli.Internal;

/// <summary>Options the task verbs share.</summary>
internal static class TaskOptions
{
    /// <summary>A positive number of seconds, read with the invariant culture (1.5 is never 15).</summary>
    public static Option<double?> Seconds(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
            {
                result.AddError($"'{text}' is not a number (with a dot for decimals: 1.5) ({name})");
                return null;
            }

            if (seconds <= 0)
            {
                result.AddError($"{name} must be a positive number of seconds.");
                return null;
            }

            return seconds;
        },
    };
}
