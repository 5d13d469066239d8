using System.Diagnostics;
using D8.Distributed.Core.Internal;
using D8.Testing;
using D8.Testing.Queue;
using Microsoft.Data.Sqlite;

namespace D8.Distributed.Core.Tests.Queue;

/// <summary>What only the SQLite store has: the file, its journal, its schema version, and the errors a bad file gives.</summary>
public sealed class SqliteTaskStoreFileTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-tasks-file");

    private string DbPath => _data.Combine("tasks.db");

    [Fact]
    public async Task FirstUse_NewFile_WalJournalSchemaVersionAndApplicationId()
    {
        await using (var store = new SqliteTaskStore(DbPath))
        {
            await store.AddAsync(TaskStoreRecords.New("a"), 10);
        }

        using var connection = OpenDirect();
        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal(1L, Pragma(connection, "user_version"));
        Assert.Equal((long)SqliteTaskStoreSchema.ApplicationId, Pragma(connection, "application_id"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM tasks;"));
    }

    [Fact]
    public async Task AddAsync_Returned_CommittedForEveryOtherReader()
    {
        await using var store = new SqliteTaskStore(DbPath);

        await store.AddAsync(TaskStoreRecords.New("a"), 10);

        // Another connection (another process would see the same): nothing is left in an open transaction.
        using var connection = OpenDirect();
        Assert.Equal("a", Scalar(connection, "SELECT task_id FROM tasks;"));
    }

    [Fact]
    public async Task FirstUse_EmptyFile_CreatesTheSchema()
    {
        await File.WriteAllBytesAsync(DbPath, []);
        await using var store = new SqliteTaskStore(DbPath);

        var added = await store.AddAsync(TaskStoreRecords.New("a"), 10);

        Assert.Equal(TaskStoreAddOutcome.Added, added.Outcome);
        using var connection = OpenDirect();
        Assert.Equal(1L, Pragma(connection, "user_version"));
    }

    [Fact]
    public async Task FirstUse_NewerSchemaVersion_RefusedNamingFileAndVersionsAndLeftAsItIs()
    {
        using (var connection = OpenDirect())
        {
            Execute(connection, $"PRAGMA application_id = {SqliteTaskStoreSchema.ApplicationId}; PRAGMA user_version = 7; CREATE TABLE tasks (x);");
        }

        await using var store = new SqliteTaskStore(DbPath);
        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.GetAsync("a"));

        Assert.Equal(DbPath, error.Location);
        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("(1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade D8.Distributed", error.Message, StringComparison.Ordinal);
        using var after = OpenDirect();
        Assert.Equal(7L, Pragma(after, "user_version"));
        Assert.Equal("delete", Pragma(after, "journal_mode"));
    }

    [Fact]
    public async Task FirstUse_DatabaseOfSomethingElse_RefusedAndLeftAsItIs()
    {
        using (var connection = OpenDirect())
        {
            Execute(connection, "CREATE TABLE invoices (id INTEGER);");
        }

        await using var store = new SqliteTaskStore(DbPath);
        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.AddAsync(TaskStoreRecords.New("a"), 10));

        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("no D8 task store schema (schema version 0)", error.Message, StringComparison.Ordinal);
        using var after = OpenDirect();
        Assert.Equal(0L, Scalar(after, "SELECT count(*) FROM sqlite_schema WHERE name = 'tasks';"));
    }

    [Fact]
    public async Task FirstUse_OtherApplicationId_Refused()
    {
        using (var connection = OpenDirect())
        {
            Execute(connection, "PRAGMA application_id = 1234; PRAGMA user_version = 1;");
        }

        await using var store = new SqliteTaskStore(DbPath);
        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.GetAsync("a"));

        Assert.Contains("another application (application id 0x000004d2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstUse_NotADatabase_ClearErrorNamingTheFileAndTheFileKept()
    {
        const string Garbage = "{\"tasks\": \"this is JSON, not SQLite\"}\n" + "padding padding padding padding padding padding padding padding padding padding padding\n";
        await File.WriteAllTextAsync(DbPath, Garbage);
        await using var store = new SqliteTaskStore(DbPath);

        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.GetQueuedAsync(10));

        Assert.Equal($"The task store {DbPath} cannot be used: it is not a SQLite database, or it is damaged. It was left as it is: move it away (a new, empty store is then created) or restore a backup (SQLite Error 26: 'file is not a database').", error.Message);
        Assert.Equal(Garbage, await File.ReadAllTextAsync(DbPath));
    }

    [Fact]
    public async Task FirstUse_FailedThenFileMovedAway_NextCallOpensANewStore()
    {
        await File.WriteAllTextAsync(DbPath, new string('x', 4096));
        await using var store = new SqliteTaskStore(DbPath);
        await Assert.ThrowsAsync<TaskStoreException>(() => store.GetAsync("a"));

        File.Move(DbPath, DbPath + ".bad");

        Assert.Equal(TaskStoreAddOutcome.Added, (await store.AddAsync(TaskStoreRecords.New("a"), 10)).Outcome);
    }

    [Fact]
    public async Task Read_RowWithAnUnknownStatus_ClearErrorNamingTheFile()
    {
        await using (var store = new SqliteTaskStore(DbPath))
        {
            await store.AddAsync(TaskStoreRecords.New("a"), 10);
        }

        using (var connection = OpenDirect())
        {
            Execute(connection, "UPDATE tasks SET status = 'paused';");
        }

        await using var reopened = new SqliteTaskStore(DbPath);
        var error = await Assert.ThrowsAsync<TaskStoreException>(() => reopened.GetAsync("a"));

        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("task a has an unknown status 'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_AnotherProcessHoldsTheWriteLock_WaitsTheBusyTimeoutThenSaysSo()
    {
        await using var store = new SqliteTaskStore(DbPath, busyTimeout: TimeSpan.FromMilliseconds(300));
        await store.AddAsync(TaskStoreRecords.New("a"), 10);
        using var other = OpenDirect();
        using var transaction = other.BeginTransaction(deferred: false);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.AddAsync(TaskStoreRecords.New("b"), 10));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"gave up after {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.Contains("another process held it locked for more than 0.3 s", error.Message, StringComparison.Ordinal);
        transaction.Rollback();
        Assert.Equal(TaskStoreAddOutcome.Added, (await store.AddAsync(TaskStoreRecords.New("b"), 10)).Outcome);
    }

    [Fact]
    public async Task StatusCounts_AfterAddsUpdatesAndPurges_MatchTheRows()
    {
        await using (var store = new SqliteTaskStore(DbPath))
        {
            for (var i = 0; i < 30; i++)
            {
                var task = (await store.AddAsync(TaskStoreRecords.New($"t{i}"), 100)).Task!;
                var running = await store.TryUpdateAsync(task with { Status = i % 2 == 0 ? D8TaskStatus.Running : D8TaskStatus.Queued, Attempts = 1 });
                if (i % 3 == 0)
                {
                    await store.TryUpdateAsync(running! with { Status = (D8TaskStatus)(2 + (i % 5)), FinishedAt = TaskStoreRecords.T0 });
                }
            }

            await store.PurgeAsync(TaskStoreRecords.T0, keepFinished: 4);
        }

        using var connection = OpenDirect();
        var counted = Scalar(connection, "SELECT group_concat(status || '=' || n) FROM (SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY status);");
        var kept = Scalar(connection, "SELECT group_concat(status || '=' || count) FROM (SELECT status, count FROM task_counts WHERE count > 0 ORDER BY status);");
        Assert.Equal(counted, kept);
        Assert.Contains("queued=", (string)kept!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_TwiceAndThenUsed_ObjectDisposed()
    {
        var store = new SqliteTaskStore(DbPath);
        await store.AddAsync(TaskStoreRecords.New("a"), 10);

        store.Dispose();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAsync(TaskStoreRecords.New("b"), 10));
        File.Delete(DbPath);
        Assert.False(File.Exists(DbPath + "-wal"));
    }

    public void Dispose() => _data.Dispose();

    private SqliteConnection OpenDirect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static object? Pragma(SqliteConnection connection, string name) => Scalar(connection, $"PRAGMA {name};");
}
