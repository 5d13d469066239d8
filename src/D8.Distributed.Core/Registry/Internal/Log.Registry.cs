using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Log messages of the registry's file discipline (event ids 1100-1199). A problem with the file is one line without
/// the exception (its message names the file and the cause), logged once until the file works again, and only by
/// the code that carries on despite it: an error that is thrown is reported by whoever catches it.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Slave registry {Path} changed by another writer: added [{Added}], removed [{Removed}], moved [{Moved}]")]
    public static partial void RegistryChangedOnDisk(ILogger logger, string path, string added, string removed, string moved);

    [LoggerMessage(1101, LogLevel.Error, "{Problem} Carrying on with the last good copy of the slave registry until the file can be read again.")]
    public static partial void RegistryUnusable(ILogger logger, string problem);

    [LoggerMessage(1102, LogLevel.Warning, "Could not re-read the slave registry, carrying on with what this process holds: {Problem}")]
    public static partial void RegistryRefreshFailed(ILogger logger, string problem);

    [LoggerMessage(1103, LogLevel.Warning, "Health of {Count} slave(s) kept in memory only until the slave registry can be written again: {Problem}")]
    public static partial void RegistryHealthNotSaved(ILogger logger, int count, string problem);

    [LoggerMessage(1104, LogLevel.Information, "Removed {Path}, a temp file left by a registry writer that stopped before renaming it")]
    public static partial void RegistryOrphanTempFileRemoved(ILogger logger, string path);

    [LoggerMessage(1105, LogLevel.Warning, "Could not delete the registry temp file {Path}: {Reason}")]
    public static partial void RegistryTempFileNotDeleted(ILogger logger, string path, string reason);

    [LoggerMessage(1106, LogLevel.Error, "A handler of ISlaveRegistry.Changed threw; the other handlers still ran")]
    public static partial void RegistryChangeHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(1107, LogLevel.Information, "The slave registry {Path} works again")]
    public static partial void RegistryUsableAgain(ILogger logger, string path);
}
