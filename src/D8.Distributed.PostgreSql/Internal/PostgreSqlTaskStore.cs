using System.Text;
using System.Text.Json;
using D8.Distributed.Core;
using Npgsql;
using NpgsqlTypes;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The task store on PostgreSQL: one row per task (the record as json, the queried fields as columns) in
/// <c>&lt;schema&gt;.tasks</c>. Every call is one statement or one transaction (an add: one batch, one round trip), committed (with the server's default
/// <c>synchronous_commit</c>, on disk) before it returns. Several masters may share the table: the queue bound and the
/// task id are checked under a transaction-scoped advisory lock, so two masters adding at once never pass the bound.
/// Every add and update also sends a <c>NOTIFY</c> in its transaction, which the other masters' change feeds hear
/// (<see cref="ITaskStoreChangeFeed"/>).
/// </summary>
internal sealed class PostgreSqlTaskStore : ITaskStore, ITaskStoreChangeFeed, IAsyncDisposable
{
    private const string Final = "status NOT IN ('queued', 'running')";
    private const string Columns = "sequence, version, document";

    private readonly PostgreSqlDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly string _tasks;
    private readonly string _queued;
    private readonly long _addLock;
    private readonly PostgreSqlTaskChangeFeed? _feed;
    private readonly string _origin;
    private readonly string _channel;

    public PostgreSqlTaskStore(PostgreSqlDatabase database, bool ownsDatabase = false, PostgreSqlTaskChangeFeed? feed = null)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _tasks = database.QuotedSchema + ".tasks";
        _queued = database.QuotedSchema + ".tasks_queued";
        _addLock = PostgreSqlSchema.LockKey(database.Schema, "tasks.add");
        _feed = feed;
        _origin = feed?.Origin ?? Guid.NewGuid().ToString("N");
        _channel = PostgreSqlTaskChangeFeed.ChannelOf(database.Schema);
    }

    /// <summary>Occurs for a task write another master committed; never without a feed (a store used alone).</summary>
    public event EventHandler<TaskStoreChangedEventArgs>? Changed
    {
        add
        {
            if (_feed is not null)
            {
                _feed.Changed += value;
            }
        }

        remove
        {
            if (_feed is not null)
            {
                _feed.Changed -= value;
            }
        }
    }

    public async Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.TaskId, nameof(task));
        var added = Detach(task) with { Status = D8TaskStatus.Queued, Version = 1, Sequence = 0 };
        return await RunAsync(async connection =>
        {
            // One round trip: a batch's statements run in order in one implicit transaction (one Sync), so the lock the
            // first takes serializes adders across masters until the batch commits, and the second, with its own
            // snapshot (read committed) taken after the lock was granted, sees what the other adders committed. The
            // second checks the id and the bound, inserts and notifies, or answers the existing record.
            await using var batch = new NpgsqlBatch(connection);
            var locking = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)");
            locking.Parameters.AddWithValue("key", _addLock);
            var insert = new NpgsqlBatchCommand($"""
                WITH existing AS (SELECT {Columns} FROM {_tasks} WHERE task_id = @task_id),
                inserted AS (
                    INSERT INTO {_tasks} (task_id, status, priority, version, queued_at, finished_at, document)
                    SELECT @task_id, @status, @priority, 1, @queued_at, @finished_at, @document
                    WHERE NOT EXISTS (SELECT 1 FROM existing) AND (SELECT queued FROM {_queued} WHERE id = 1) < @max_queued
                    RETURNING sequence)
                SELECT sequence, version, document::text, NULL::text FROM existing
                UNION ALL
                SELECT sequence, 1, NULL, pg_notify(@channel, @payload)::text FROM inserted
                """);
            Bind(insert.Parameters, added);
            BindNotify(insert.Parameters, added);
            insert.Parameters.AddWithValue("max_queued", (long)maxQueued);
            batch.BatchCommands.Add(locking);
            batch.BatchCommands.Add(insert);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the lock's row
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new TaskStoreAddResult(TaskStoreAddOutcome.Full, null);
            }

            return reader.IsDBNull(2)
                ? new TaskStoreAddResult(TaskStoreAddOutcome.Added, added with { Sequence = reader.GetInt64(0) })
                : new TaskStoreAddResult(TaskStoreAddOutcome.Existing, Read(reader));
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return RunAsync(connection => GetAsync(connection, null, taskId, cancellationToken), cancellationToken);
    }

    public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, D8TaskQuery.MaxLimit, nameof(query));
        return RunAsync(async connection =>
        {
            var sql = new StringBuilder($"SELECT {Columns} FROM {_tasks} WHERE (@before::bigint IS NULL OR sequence < @before)");
            var statuses = query.Statuses.Distinct().Select(status => status.ToName()).ToArray();
            if (statuses.Length > 0)
            {
                sql.Append(" AND status = ANY(@statuses)");
            }

            sql.Append(" ORDER BY sequence DESC LIMIT @limit");
            await using var command = Command(connection, null, sql.ToString());
            command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = query.Before is { } before ? before : DBNull.Value });
            if (statuses.Length > 0)
            {
                command.Parameters.AddWithValue("statuses", statuses);
            }

            // One more than the page: whether it exists says whether there is a next page.
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            var tasks = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            long? next = null;
            if (tasks.Count > query.Limit)
            {
                tasks.RemoveAt(tasks.Count - 1);
                next = tasks[^1].Sequence;
            }

            return new D8TaskPage(tasks, next);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<D8TaskInfo>> GetQueuedAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<D8TaskInfo>>(async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {Columns} FROM {_tasks} WHERE status = 'queued' ORDER BY priority DESC, sequence LIMIT @limit");
            command.Parameters.AddWithValue("limit", limit);
            return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return RunAsync<D8TaskInfo?>(async connection =>
        {
            // One statement: the version check and the write are atomic (the row lock makes a concurrent writer re-check),
            // and the notification goes out with it, only when a row was written.
            await using var command = Command(connection, null, $"""
                WITH updated AS (
                    UPDATE {_tasks} SET version = version + 1, status = @status, priority = @priority, queued_at = @queued_at,
                        finished_at = @finished_at, document = @document
                    WHERE task_id = @task_id AND version = @expected RETURNING sequence, version)
                SELECT sequence, version, pg_notify(@channel, @payload)::text FROM updated
                """);
            var detached = Detach(task);
            Bind(command.Parameters, detached);
            BindNotify(command.Parameters, detached);
            command.Parameters.AddWithValue("expected", task.Version);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? detached with { Sequence = reader.GetInt64(0), Version = reader.GetInt64(1) }
                : null;
        }, cancellationToken);
    }

    public Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            // One statement: the counts and the finished-since figure come from the same snapshot.
            await using var command = Command(connection, null, $"""
                SELECT status, count(*), count(*) FILTER (WHERE finished_at >= @since) FROM {_tasks} GROUP BY status
                """);
            command.Parameters.AddWithValue("since", finishedSince.UtcTicks);
            var byStatus = new Dictionary<D8TaskStatus, int>();
            var finished = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (D8TaskStatusNames.TryParse(reader.GetString(0), out var status))
                {
                    byStatus[status] = (int)reader.GetInt64(1);
                }

                finished += (int)reader.GetInt64(2);
            }

            return new TaskStoreCounts(byStatus, finished);
        }, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFinished);
        return RunAsync(async connection =>
        {
            // A final task beyond the newest keepFinished (by sequence), or finished before the bound, goes. A final
            // task without a finish time is aged by its queue time.
            await using var command = Command(connection, null, $"""
                DELETE FROM {_tasks} WHERE {Final} AND (
                    coalesce(finished_at, queued_at) < @before
                    OR sequence <= (SELECT sequence FROM {_tasks} WHERE {Final} ORDER BY sequence DESC LIMIT 1 OFFSET @keep))
                """);
            command.Parameters.AddWithValue("before", finishedBefore.UtcTicks);
            command.Parameters.AddWithValue("keep", keepFinished);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDatabase)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static D8TaskInfo Detach(D8TaskInfo task) => task with
    {
        RequiredCapabilities = [.. task.RequiredCapabilities],
        EnvironmentNames = [.. task.EnvironmentNames],
        Environment = task.Environment is { } environment ? new Dictionary<string, string>(environment, StringComparer.Ordinal) : null,
    };

    private static void Bind(NpgsqlParameterCollection parameters, D8TaskInfo task)
    {
        parameters.AddWithValue("task_id", task.TaskId);
        parameters.AddWithValue("status", task.Status.ToName());
        parameters.AddWithValue("priority", task.Priority);
        parameters.AddWithValue("queued_at", task.QueuedAt.UtcTicks);
        parameters.Add(new NpgsqlParameter("finished_at", NpgsqlDbType.Bigint) { Value = task.FinishedAt is { } finished ? finished.UtcTicks : DBNull.Value });
        parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(task, PostgreSqlJsonContext.Default.D8TaskInfo) });
    }

    private void BindNotify(NpgsqlParameterCollection parameters, D8TaskInfo task)
    {
        parameters.AddWithValue("channel", _channel);
        parameters.AddWithValue("payload", PostgreSqlTaskChangeFeed.Payload(_origin, task));
    }

    private static D8TaskInfo Read(NpgsqlDataReader reader)
    {
        var task = JsonSerializer.Deserialize(reader.GetString(2), PostgreSqlJsonContext.Default.D8TaskInfo)
            ?? throw new JsonException("A task document is null.");
        return task with { Sequence = reader.GetInt64(0), Version = reader.GetInt64(1) };
    }

    private async Task<D8TaskInfo?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string taskId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM {_tasks} WHERE task_id = @task_id");
        command.Parameters.AddWithValue("task_id", taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<List<D8TaskInfo>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var tasks = new List<D8TaskInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(Read(reader));
        }

        return tasks;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) =>
        new(sql, connection, transaction);

    /// <summary>Runs <paramref name="body"/> on a pooled connection; PostgreSQL's errors become <see cref="TaskStoreException"/>s.</summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            throw new TaskStoreException(Where, $"The task store in {PostgreSqlLocation.Describe(_database)} cannot be used: {PostgreSqlLocation.Cause(_database, exception)}", exception);
        }
        catch (JsonException exception)
        {
            throw new TaskStoreException(Where, $"The PostgreSQL task store ({Where}) holds a record this version cannot read: {exception.Message}", exception);
        }
    }

    private string Where => $"schema '{_database.Schema}'";
}
