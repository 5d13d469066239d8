using D8.Testing.PostgreSql;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class PostgreSqlServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_TwoCalls_GiveSeparateDatabasesWithFsyncOn()
    {
        var server = await PostgreSqlServer.GetAsync();

        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using var dataSource = NpgsqlDataSource.Create(first);
        Assert.Equal("on", await dataSource.CreateCommand("SHOW fsync").ExecuteScalarAsync());
        Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, await dataSource.CreateCommand("SELECT current_database()").ExecuteScalarAsync());
    }
}
