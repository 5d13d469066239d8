using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The store's log messages that came with the shared atomic-file helper. A problem with the file is one line without
/// the exception (its message names the file and the cause), logged once until the file works again, and only by the
/// code that carries on despite it (the background pass); an error that is thrown is reported by whoever catches it.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3002, LogLevel.Error, "{Problem} The background pass retries at every poll until the file works again.")]
    public static partial void StoreUnusable(ILogger logger, string problem);

    [LoggerMessage(3004, LogLevel.Information, "The human requests file {FilePath} works again")]
    public static partial void StoreUsableAgain(ILogger logger, string filePath);

    [LoggerMessage(3090, LogLevel.Information, "Removed {Path}, a temp file left by a writer that stopped before renaming it")]
    public static partial void OrphanTempFileRemoved(ILogger logger, string path);
}
