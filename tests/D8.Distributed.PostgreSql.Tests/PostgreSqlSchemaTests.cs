using D8.Distributed.PostgreSql.Internal;
using D8.Testing.PostgreSql;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class PostgreSqlSchemaTests
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesTheCurrentVersionThenFindsNothingToDo()
    {
        await using var dataSource = NpgsqlDataSource.Create(await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync());

        var first = await PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None);
        var second = await PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None);

        Assert.Equal(0, first);
        Assert.Equal(PostgreSqlSchema.CurrentVersion, second);
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM d8.schema_version").ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_EightMastersAtOnce_OneMigratesTheOthersFindItDone()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 8).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var from = await Task.WhenAll(dataSources.Select(dataSource => Task.Run(() => PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None))));

            Assert.Single(from, version => version == 0);
            Assert.Equal(7, from.Count(version => version == PostgreSqlSchema.CurrentVersion));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_TwoSchemas_AreIndependent()
    {
        await using var dataSource = NpgsqlDataSource.Create(await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync());

        await PostgreSqlSchema.MigrateAsync(dataSource, "one", CancellationToken.None);
        await PostgreSqlSchema.MigrateAsync(dataSource, "two", CancellationToken.None);
        await dataSource.CreateCommand("INSERT INTO one.slaves (slave_id, document) VALUES ('s', '{}')").ExecuteNonQueryAsync();

        Assert.Equal(0L, await dataSource.CreateCommand("SELECT count(*) FROM two.slaves").ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_NewerVersionInTheDatabase_FailsSayingToUpgrade()
    {
        await using var dataSource = NpgsqlDataSource.Create(await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None);
        await dataSource.CreateCommand("UPDATE d8.schema_version SET version = 99").ExecuteNonQueryAsync();

        var exception = await Assert.ThrowsAsync<PostgreSqlSchemaException>(() => PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None));

        Assert.Contains($"schema 'd8' is at version 99, newer than this D8 understands ({PostgreSqlSchema.CurrentVersion})", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade this master", exception.Message, StringComparison.Ordinal);
    }
}
