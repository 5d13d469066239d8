using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Where a store's data lives, for messages: host, database and schema, never the password.</summary>
internal static class PostgreSqlLocation
{
    public static string Describe(PostgreSqlDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} schema '{database.Schema}'";
    }
}
