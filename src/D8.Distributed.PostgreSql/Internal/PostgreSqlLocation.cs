using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Where a store's data lives, and why it failed, for messages: host, port, database and schema, never the password.</summary>
internal static class PostgreSqlLocation
{
    public static string Describe(PostgreSqlDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} schema '{database.Schema}'";
    }

    /// <summary>
    /// Why a store call failed, for the message after "cannot be used: ": a server that cannot be reached (connection
    /// refused or cut, the server shutting down or starting, no answer in time) is named as unreachable with its host and
    /// port, so the operator looks at the database and not at the master; any other error is PostgreSQL's message.
    /// </summary>
    public static string Cause(PostgreSqlDatabase database, NpgsqlException exception)
    {
        var message = exception.Message.TrimEnd('.');
        if (!IsUnreachable(exception))
        {
            return message + ".";
        }

        var builder = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);
        return $"the database server at {builder.Host}:{builder.Port} is unreachable ({message}); the master uses it again as soon as it answers.";
    }

    /// <summary>
    /// Whether the failure is the server being out of reach rather than a statement it refused: every error that is not
    /// the server's own (sockets, timeouts, a stream cut) and the server's connection classes (08, shutdown, start-up).
    /// </summary>
    public static bool IsUnreachable(NpgsqlException exception) => exception is not PostgresException postgres
        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
