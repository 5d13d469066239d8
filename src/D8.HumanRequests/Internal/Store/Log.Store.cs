using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>The store's log messages that came with the shared atomic-file helper.</summary>
internal static partial class Log
{
    [LoggerMessage(3090, LogLevel.Information, "Removed {Path}, a temp file left by a writer that stopped before renaming it")]
    public static partial void OrphanTempFileRemoved(ILogger logger, string path);
}
