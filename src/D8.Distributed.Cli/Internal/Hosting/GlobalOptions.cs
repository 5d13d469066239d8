using System.CommandLine;

namespace D8.Distributed.Cli.Internal;

/// <summary>Options every verb understands (recursive: they may follow any verb).</summary>
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
}
