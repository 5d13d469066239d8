using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Log messages of the PostgreSQL registry and human request store (1930-1934).</summary>
internal static partial class Log
{
    [LoggerMessage(1930, LogLevel.Information, "Slave registry in PostgreSQL schema '{Schema}' changed by another master: added [{Added}], removed [{Removed}], moved [{Moved}]")]
    public static partial void RegistryChangedElsewhere(ILogger logger, string schema, string added, string removed, string moved);

    [LoggerMessage(1931, LogLevel.Warning, "The health of {Count} slave(s) could not be saved to PostgreSQL schema '{Schema}' ({Error}); kept in this master's memory until the next sweep")]
    public static partial void RegistryHealthNotSaved(ILogger logger, int count, string schema, string error);

    [LoggerMessage(1932, LogLevel.Warning, "The slave registry in PostgreSQL schema '{Schema}' cannot be refreshed ({Error}); the last content stays in use")]
    public static partial void RegistryRefreshFailed(ILogger logger, string schema, string error);

    [LoggerMessage(1933, LogLevel.Error, "A handler of ISlaveRegistry.Changed threw; the other handlers still ran")]
    public static partial void RegistryHandlerFailed(ILogger logger, Exception exception);
}
