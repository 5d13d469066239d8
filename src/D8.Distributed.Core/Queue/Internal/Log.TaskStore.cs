using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>Log messages of the task stores (event ids 1300-1349).</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Information, "Task store {Path} opened (schema version {Version}, {Journal} journal, synchronous={Synchronous})")]
    public static partial void TaskStoreOpened(ILogger logger, string path, int version, string journal, string synchronous);

    [LoggerMessage(1301, LogLevel.Information, "Task store {Path} migrated from schema version {From} to {To}")]
    public static partial void TaskStoreMigrated(ILogger logger, string path, int from, int to);
}
