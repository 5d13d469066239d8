using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace D8.Distributed.Core.Internal;

/// <summary>The <see cref="ITaskStore"/> operations: each one statement, or one transaction, committed before it returns.</summary>
internal sealed partial class SqliteTaskStore
{
    private const string Final = "status NOT IN ('queued', 'running')";

    private static readonly string InsertSql =
        $"INSERT INTO tasks (version, {SqliteTaskRow.InsertColumns}) VALUES (1, {SqliteTaskRow.InsertValues});";

    private static readonly string UpdateSql =
        $"UPDATE tasks SET version = version + 1, {SqliteTaskRow.UpdateAssignments} WHERE task_id = $task_id AND version = $expected RETURNING sequence, version;";

    private static readonly string GetSql = $"SELECT {SqliteTaskRow.SelectColumns} FROM tasks WHERE task_id = $task_id;";

    private static readonly string QueuedSql =
        $"SELECT {SqliteTaskRow.SelectColumns} FROM tasks WHERE status = 'queued' ORDER BY priority DESC, sequence LIMIT $limit;";

    public Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.TaskId, nameof(task));
        return RunAsync(connection =>
        {
            // BEGIN IMMEDIATE: the write lock is taken before the checks, so the bound and the id hold at the insert,
            // also against another process on the same file.
            using var transaction = connection.BeginTransaction(deferred: false);
            if (Get(connection, transaction, task.TaskId) is { } existing)
            {
                return new TaskStoreAddResult(TaskStoreAddOutcome.Existing, existing);
            }

            using (var count = Command(connection, transaction, "SELECT coalesce((SELECT count FROM task_counts WHERE status = 'queued'), 0);"))
            {
                if ((long)count.ExecuteScalar()! >= maxQueued)
                {
                    return new TaskStoreAddResult(TaskStoreAddOutcome.Full, null);
                }
            }

            var added = TaskSnapshot.Of(task) with { Status = D8TaskStatus.Queued, Version = 1 };
            using var insert = Command(connection, transaction, InsertSql);
            SqliteTaskRow.Bind(insert, added);
            insert.ExecuteNonQuery();
            using var rowId = Command(connection, transaction, "SELECT last_insert_rowid();");
            added = added with { Sequence = (long)rowId.ExecuteScalar()! };
            transaction.Commit();
            return new TaskStoreAddResult(TaskStoreAddOutcome.Added, added);
        }, cancellationToken);
    }

    public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return RunAsync(connection => Get(connection, null, taskId), cancellationToken);
    }

    public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, D8TaskQuery.MaxLimit, nameof(query));
        return RunAsync(connection =>
        {
            var sql = new StringBuilder($"SELECT {SqliteTaskRow.SelectColumns} FROM tasks WHERE ($before IS NULL OR sequence < $before)");
            var statuses = query.Statuses.Distinct().ToList();
            if (statuses.Count > 0)
            {
                sql.Append(" AND status IN (").AppendJoin(", ", statuses.Select((_, index) => "$s" + index.ToString(CultureInfo.InvariantCulture))).Append(')');
            }

            sql.Append(" ORDER BY sequence DESC LIMIT $limit;");
            using var command = Command(connection, null, sql.ToString());
            command.Parameters.AddWithValue("$before", query.Before is { } before ? before : DBNull.Value);
            for (var i = 0; i < statuses.Count; i++)
            {
                command.Parameters.AddWithValue("$s" + i.ToString(CultureInfo.InvariantCulture), statuses[i].ToName());
            }

            // One more than the page: whether it exists says whether there is a next page.
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            var tasks = ReadAll(command);
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
        return RunAsync<IReadOnlyList<D8TaskInfo>>(connection =>
        {
            using var command = Command(connection, null, QueuedSql);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command);
        }, cancellationToken);
    }

    public Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return RunAsync(connection =>
        {
            // One statement: the version check and the write are atomic without a transaction of our own.
            using var command = Command(connection, null, UpdateSql);
            SqliteTaskRow.Bind(command, task);
            command.Parameters.AddWithValue("$expected", task.Version);
            using var reader = command.ExecuteReader();
            D8TaskInfo? updated = reader.Read() ? TaskSnapshot.Of(task) with { Sequence = reader.GetInt64(0), Version = reader.GetInt64(1) } : null;

            // Step the statement to its end: that commits it, and a failure to commit is thrown here, not lost in a reset.
            while (reader.Read())
            {
            }

            return updated;
        }, cancellationToken);
    }

    public Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default) =>
        RunAsync(connection =>
        {
            // One read transaction: the counts and the finished-since figure come from the same snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            var byStatus = new Dictionary<D8TaskStatus, int>();
            using (var command = Command(connection, transaction, "SELECT status, count FROM task_counts WHERE count > 0;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (D8TaskStatusNames.TryParse(reader.GetString(0), out var status))
                    {
                        byStatus[status] = reader.GetInt32(1);
                    }
                }
            }

            using var finished = Command(connection, transaction, "SELECT count(*) FROM tasks WHERE finished_at >= $since;");
            finished.Parameters.AddWithValue("$since", finishedSince.UtcTicks);
            var count = (int)(long)finished.ExecuteScalar()!;
            transaction.Commit();
            return new TaskStoreCounts(byStatus, count);
        }, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFinished);
        return RunAsync(connection =>
        {
            // A final task beyond the newest keepFinished (by sequence), or finished before the bound, goes. A final
            // task without a finish time is aged by its queue time.
            using var command = Command(connection, null, $"""
                DELETE FROM tasks WHERE {Final} AND (
                    coalesce(finished_at, queued_at) < $before
                    OR sequence <= (SELECT sequence FROM tasks WHERE {Final} ORDER BY sequence DESC LIMIT 1 OFFSET $keep));
                """);
            command.Parameters.AddWithValue("$before", finishedBefore.UtcTicks);
            command.Parameters.AddWithValue("$keep", keepFinished);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    private static D8TaskInfo? Get(SqliteConnection connection, SqliteTransaction? transaction, string taskId)
    {
        using var command = Command(connection, transaction, GetSql);
        command.Parameters.AddWithValue("$task_id", taskId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? SqliteTaskRow.Read(reader) : null;
    }

    private static List<D8TaskInfo> ReadAll(SqliteCommand command)
    {
        var tasks = new List<D8TaskInfo>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tasks.Add(SqliteTaskRow.Read(reader));
        }

        return tasks;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
