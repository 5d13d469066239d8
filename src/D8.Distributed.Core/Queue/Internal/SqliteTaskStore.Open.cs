using System.Globalization;
using Microsoft.Data.Sqlite;

namespace D8.Distributed.Core.Internal;

/// <summary>Opening the file: checks it is ours and not from a newer version before changing anything, then migrates.</summary>
internal sealed partial class SqliteTaskStore
{
    private SqliteConnection Open()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new TaskStoreException(Path, $"The task store {Path} cannot be created: its directory cannot be made ({exception.Message}).", exception);
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};"));

            // Read-only checks first: a foreign or newer file must be refused before the journal mode is written into it.
            var version = Scalar<long>(connection, "PRAGMA user_version;");
            CheckOwnership(connection, version);

            var journal = Scalar<string>(connection, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new TaskStoreException(Path, $"The task store {Path} cannot use a write-ahead log (SQLite kept the '{journal}' journal; a network file system?). Put it on a local disk.");
            }

            // FULL: the WAL is synced at every commit, so a queued task survives a power cut, not only a crash of the
            // process (docs/master.md, "Task store", has the measurement behind the choice).
            Execute(connection, $"PRAGMA synchronous = {_synchronous};");
            Migrate(connection, (int)version);
            Log.TaskStoreOpened(_logger, Path, SqliteTaskStoreSchema.CurrentVersion, journal, _synchronous);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CheckOwnership(SqliteConnection connection, long version)
    {
        var applicationId = Scalar<long>(connection, "PRAGMA application_id;");
        if (applicationId != 0 && applicationId != SqliteTaskStoreSchema.ApplicationId)
        {
            throw new TaskStoreException(Path, string.Create(CultureInfo.InvariantCulture,
                $"The task store {Path} is a database of another application (application id 0x{applicationId:x8}); it was left as it is. Point D8:Master:Queue:SqlitePath at another file."));
        }

        if (version > SqliteTaskStoreSchema.CurrentVersion)
        {
            throw new TaskStoreException(Path, string.Create(CultureInfo.InvariantCulture,
                $"The task store {Path} has schema version {version}, newer than the highest this version of D8.Distributed knows ({SqliteTaskStoreSchema.CurrentVersion}). Upgrade D8.Distributed, or point D8:Master:Queue:SqlitePath at another file; the file was left as it is."));
        }

        if (version < 0 || (version == 0 && applicationId == 0 && Scalar<long>(connection, "SELECT count(*) FROM sqlite_schema;") > 0))
        {
            throw new TaskStoreException(Path, string.Create(CultureInfo.InvariantCulture,
                $"The task store {Path} is a SQLite database with tables but no D8 task store schema (schema version {version}); it was left as it is. Point D8:Master:Queue:SqlitePath at another file."));
        }
    }

    private void Migrate(SqliteConnection connection, int from)
    {
        for (var version = from; version < SqliteTaskStoreSchema.CurrentVersion; version++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);

            // Another process may have migrated since the version was read: re-read it under the write lock.
            var now = (int)Scalar<long>(connection, "PRAGMA user_version;", transaction);
            if (now > version)
            {
                transaction.Commit();
                version = now - 1;
                continue;
            }

            Execute(connection, SqliteTaskStoreSchema.Migrations[version], transaction);
            Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA application_id = {SqliteTaskStoreSchema.ApplicationId}; PRAGMA user_version = {version + 1};"), transaction);
            transaction.Commit();
            Log.TaskStoreMigrated(_logger, Path, version, version + 1);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }
}
