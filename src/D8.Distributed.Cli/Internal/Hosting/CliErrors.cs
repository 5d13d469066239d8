using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// Turns an exception into what an operator reads: one line per problem, <c>d8-master: &lt;problem&gt;</c>, never a
/// stack trace unless <c>--verbose</c> asks for it.
/// </summary>
internal static partial class CliErrors
{
    private const string Prefix = "d8-master: ";

    public static async Task WriteAsync(TextWriter error, Exception exception, bool verbose)
    {
        foreach (var line in Lines(exception))
        {
            await error.WriteLineAsync(Prefix + line).ConfigureAwait(false);
        }

        if (verbose)
        {
            await error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A parse error in the operator's words: System.CommandLine says "Cannot parse argument 'abc' for option '--port'
    /// as expected type 'System.Int32'"; this says "'abc' is not a whole number (--port)".
    /// </summary>
    public static string Usage(string message)
    {
        var match = ParseFailure().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a number (with a dot for decimals: 12.99)",
            _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "valid here",
        };
        return $"'{match.Groups["value"].Value}' is not {expected} ({match.Groups["option"].Value})";
    }

    /// <summary>One line per problem: each option failure of each options type, else the exception's message.</summary>
    public static IEnumerable<string> Lines(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Lines),
        OptionsValidationException options => options.Failures.Select(failure => Qualify(failure, options.OptionsType)),
        _ when IsExpected(exception) => [Describe(exception)],
        _ => [$"unexpected {exception.GetType().Name}: {Describe(exception)} (--verbose shows where)"],
    };

    /// <summary>
    /// Data-annotation failures name the member only (<c>Port: The field Port must be ...</c>); with the options'
    /// section in front they name the key (<c>D8:Dashboard:Port: ...</c>), like the strict binder's failures.
    /// </summary>
    private static string Qualify(string failure, Type optionsType)
    {
        var section = optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
        var match = MemberFailure().Match(failure);
        return section is null || !match.Success
            ? failure
            : $"{section}:{match.Groups["member"].Value.Replace('.', ':')}: {match.Groups["message"].Value}";
    }

    private static string Describe(Exception exception)
    {
        var message = exception is ArgumentException { ParamName: { } parameter }
            ? exception.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
        if (exception.InnerException is { } inner && !message.Contains(inner.Message.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            message = message.TrimEnd().EndsWith('.') ? $"{message} {Describe(inner)}" : $"{message}: {Describe(inner)}";
        }

        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    // The failures an operator causes (bad input, bad configuration, an unreachable slave, a file problem) and the
    // domain's own exceptions; anything else is a bug and says so.
    private static bool IsExpected(Exception exception) =>
        exception is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException
            or KeyNotFoundException or FormatException or HttpRequestException or TimeoutException or OperationCanceledException
            or ValidationException or JsonException or NotSupportedException
        || exception.GetType().Namespace?.StartsWith("D8.", StringComparison.Ordinal) == true;

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.?$", RegexOptions.Singleline)]
    private static partial Regex ParseFailure();

    [GeneratedRegex(@"^(?<member>[A-Za-z_][A-Za-z0-9_.\[\]]*): (?<message>.+)$", RegexOptions.Singleline)]
    private static partial Regex MemberFailure();
}
