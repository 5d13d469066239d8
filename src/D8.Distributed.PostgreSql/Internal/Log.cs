using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Log messages of the PostgreSQL stores (event ids 1900-1949, in Core's range: the package extends the master).</summary>
internal static partial class Log
{
    [LoggerMessage(1900, LogLevel.Information, "PostgreSQL schema '{Schema}' ready (version {Version})")]
    public static partial void SchemaReady(ILogger logger, string schema, int version);

    [LoggerMessage(1940, LogLevel.Information, "This master holds the leader lease of schema '{Schema}': it is the leader")]
    public static partial void LeaseAcquired(ILogger logger, string schema);

    [LoggerMessage(1941, LogLevel.Warning, "This master lost the leader lease of schema '{Schema}' ({Error}): it steps down, another master takes over")]
    public static partial void LeaseLost(ILogger logger, string schema, string error);

    [LoggerMessage(1942, LogLevel.Warning, "The leader lease of schema '{Schema}' cannot be tried ({Error}); trying again")]
    public static partial void LeaseUnavailable(ILogger logger, string schema, string error);
}
