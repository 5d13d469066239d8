using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>The leadership log events (14xx).</summary>
internal static partial class Log
{
    [LoggerMessage(1400, LogLevel.Information, "This master is the leader: the {Work} runs here")]
    public static partial void LeaderTermStarted(ILogger logger, string work);

    [LoggerMessage(1401, LogLevel.Warning, "This master is no longer the leader: the {Work} stopped here (another master takes over)")]
    public static partial void LeaderTermEnded(ILogger logger, string work);
}
