using System.CommandLine;
using System.Globalization;

namespace D8.Distributed.Cli.Internal;

/// <summary>Options every verb understands (recursive: they may follow any verb), and what several verbs share: the
/// offline notice, a validated <c>--limit</c>.</summary>
internal static class GlobalOptions
{
    public static Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Data directory (slaves/config.json, human_requests/requests.json); default D8_DATA_DIR, else ~/Documents/d8_data",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };

    public static Option<string?> Master { get; } = new("--master")
    {
        Description = "The running master's URL (default D8:Cli:MasterUrl, else http://127.0.0.1:7500); without an answer, slaves and requests work on the data files, exec runs in this process",
        HelpName = "url",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On an error, print the exception with its stack trace too",
        Recursive = true,
    };

    /// <summary>The words of the notice of a verb that works on the data files because no master answered.</summary>
    public const string OfflineNotice = "working on the data files directly";

    /// <summary>A verb's <c>--limit</c>: a whole number from 1 to <paramref name="max"/>, else a parse error naming it.</summary>
    public static Option<int> Limit(string description, int defaultValue, int max)
    {
        var limit = new Option<int>("--limit") { Description = $"{description} (1-{max})", DefaultValueFactory = _ => defaultValue };
        limit.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token]
                && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < 1 || value > max))
            {
                result.AddError($"--limit {value} is not 1-{max}.");
            }
        });
        return limit;
    }
}
