using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Log messages of the PostgreSQL stores (event ids 1900-1949, in Core's range: the package extends the master).</summary>
internal static partial class Log
{
    [LoggerMessage(1900, LogLevel.Information, "PostgreSQL schema '{Schema}' ready (version {Version})")]
    public static partial void SchemaReady(ILogger logger, string schema, int version);
}
