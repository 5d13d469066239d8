using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>Log messages of the registry's file discipline (event ids 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Slave registry {Path} changed by another writer: added [{Added}], removed [{Removed}], moved [{Moved}]")]
    public static partial void RegistryChangedOnDisk(ILogger logger, string path, string added, string removed, string moved);

    [LoggerMessage(1101, LogLevel.Error, "The slave registry {Path} is corrupt and was left untouched")]
    public static partial void RegistryCorrupt(ILogger logger, string path, Exception exception);

    [LoggerMessage(1102, LogLevel.Warning, "Could not re-read the slave registry; carrying on with the last good copy")]
    public static partial void RegistryRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(1103, LogLevel.Warning, "Health of {Count} slave(s) kept in memory only: the slave registry {Path} could not be written")]
    public static partial void RegistryHealthNotSaved(ILogger logger, int count, string path, Exception exception);

    [LoggerMessage(1104, LogLevel.Information, "Removed {Path}, a temp file left by a registry writer that stopped before renaming it")]
    public static partial void RegistryOrphanTempFileRemoved(ILogger logger, string path);

    [LoggerMessage(1105, LogLevel.Warning, "Could not delete the registry temp file {Path}")]
    public static partial void RegistryTempFileNotDeleted(ILogger logger, string path, Exception exception);

    [LoggerMessage(1106, LogLevel.Error, "A handler of ISlaveRegistry.Changed threw; the other handlers still ran")]
    public static partial void RegistryChangeHandlerFailed(ILogger logger, Exception exception);
}
