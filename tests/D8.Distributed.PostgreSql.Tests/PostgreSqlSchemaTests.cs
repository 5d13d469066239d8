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

    [Fact]
    public async Task MigrateAsync_DatabaseAtVersion1WithTasksAndSlaves_UpgradesKeepingThemAndAddsTheHumanRequestTables()
    {
        await using var dataSource = NpgsqlDataSource.Create(await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync());
        await using (var v1 = await dataSource.OpenConnectionAsync())
        {
            // What a version-1 master left behind: its migration only, and data in its tables.
            await new NpgsqlCommand(
                "CREATE SCHEMA d8; CREATE TABLE d8.schema_version (version integer NOT NULL); INSERT INTO d8.schema_version VALUES (1); "
                + PostgreSqlSchema.Migrations[0].Replace("{schema}", "\"d8\"", StringComparison.Ordinal)
                + "; INSERT INTO d8.slaves (slave_id, document) VALUES ('pc', '{\"id\":\"pc\",\"host\":\"10.0.0.1\",\"port\":7600}')",
                v1).ExecuteNonQueryAsync();
        }

        var from = await PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None);

        Assert.Equal(1, from);
        Assert.Equal(PostgreSqlSchema.CurrentVersion, await dataSource.CreateCommand("SELECT version FROM d8.schema_version").ExecuteScalarAsync());
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM d8.slaves").ExecuteScalarAsync());
        Assert.Equal(0, await dataSource.CreateCommand("SELECT counter FROM d8.human_requests_counter").ExecuteScalarAsync());
        Assert.Equal(0L, await dataSource.CreateCommand("SELECT count(*) FROM d8.human_requests").ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_DatabaseAtVersion3WithTasks_CountsTheQueuedOnes_ThenTheTriggerFollowsEveryChange()
    {
        await using var dataSource = NpgsqlDataSource.Create(await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync());
        await using (var v3 = await dataSource.OpenConnectionAsync())
        {
            // What a version-3 master left behind: three queued tasks, one running, one finished.
            var migrations = string.Join(";\n", PostgreSqlSchema.Migrations.Take(3)).Replace("{schema}", "\"d8\"", StringComparison.Ordinal);
            await new NpgsqlCommand(
                "CREATE SCHEMA d8; CREATE TABLE d8.schema_version (version integer NOT NULL); INSERT INTO d8.schema_version VALUES (3); "
                + migrations
                + "; INSERT INTO d8.tasks (task_id, status, priority, version, queued_at, document) VALUES "
                + "('q1', 'queued', 5, 1, 1, '{}'), ('q2', 'queued', 5, 1, 2, '{}'), ('q3', 'queued', 5, 1, 3, '{}'), ('r1', 'running', 5, 2, 4, '{}'), ('s1', 'succeeded', 5, 3, 5, '{}')",
                v3).ExecuteNonQueryAsync();
        }

        Assert.Equal(3, await PostgreSqlSchema.MigrateAsync(dataSource, "d8", CancellationToken.None));
        await AssertQueuedAsync(3);

        var changes = new (string Sql, long Queued)[]
        {
            ("UPDATE d8.tasks SET status = 'running' WHERE task_id = 'q1'", 2),
            ("UPDATE d8.tasks SET status = 'running', version = version + 1 WHERE task_id = 'r1'", 2), // no status change
            ("UPDATE d8.tasks SET version = version + 1 WHERE task_id = 'q2'", 2), // status not touched
            ("UPDATE d8.tasks SET status = 'queued' WHERE task_id = 'r1'", 3), // a retry
            ("INSERT INTO d8.tasks (task_id, status, priority, version, queued_at, document) VALUES ('q4', 'queued', 5, 1, 6, '{}')", 4),
            ("INSERT INTO d8.tasks (task_id, status, priority, version, queued_at, document) VALUES ('c1', 'cancelled', 5, 1, 7, '{}')", 4),
            ("DELETE FROM d8.tasks WHERE task_id IN ('q3', 's1')", 3),
            ("UPDATE d8.tasks SET status = 'cancelled' WHERE status = 'queued'", 0),
        };
        foreach (var (sql, queued) in changes)
        {
            await dataSource.CreateCommand(sql).ExecuteNonQueryAsync();
            await AssertQueuedAsync(queued);
        }

        async Task AssertQueuedAsync(long expected)
        {
            Assert.Equal(expected, await dataSource.CreateCommand("SELECT count(*) FROM d8.tasks WHERE status = 'queued'").ExecuteScalarAsync());
            Assert.Equal(expected, await dataSource.CreateCommand("SELECT queued FROM d8.tasks_queued").ExecuteScalarAsync());
        }
    }
}
