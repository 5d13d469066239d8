using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Log messages of the task change feed (LISTEN/NOTIFY between masters).</summary>
internal static partial class Log
{
    [LoggerMessage(1935, LogLevel.Warning, "The task change feed of schema '{Schema}' lost its connection ({Error}); reconnecting (the queue polls meanwhile)")]
    public static partial void ChangeFeedLost(ILogger logger, string schema, string error);

    [LoggerMessage(1936, LogLevel.Information, "The task change feed of schema '{Schema}' listens again")]
    public static partial void ChangeFeedResumed(ILogger logger, string schema);

    [LoggerMessage(1937, LogLevel.Error, "Handling the change of task {TaskId} made by another master failed")]
    public static partial void ChangeFeedHandlerFailed(ILogger logger, string taskId, Exception exception);
}
