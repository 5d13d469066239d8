namespace D8.Distributed.Core.Internal;

/// <summary>
/// The schema of <c>tasks.db</c> and its migrations. <c>PRAGMA user_version</c> holds the version the file is at;
/// <c>PRAGMA application_id</c> marks the file as a D8 task store, so a database of another application is refused
/// instead of being given our tables. Migrations only ever append: version N's statements are never edited once
/// released, a change is a new version.
/// </summary>
internal static class SqliteTaskStoreSchema
{
    /// <summary>"D8TQ": the application id of a D8 task store.</summary>
    public const int ApplicationId = 0x44385451;

    /// <summary>The migrations, in order: element <c>i</c> takes the file from version <c>i</c> to <c>i + 1</c>.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // Version 1. The sequence is the rowid: AUTOINCREMENT keeps the highest ever used in sqlite_sequence, so a
        // purged task's sequence is never handed out again (a plain rowid would reuse the top one), and the table is
        // stored in arrival order. Times are UTC ticks plus the offset in minutes (exact round trip, comparable);
        // durations are ticks. Small columns first: the large texts at the end spill to overflow pages that queries
        // on the small ones never read.
        """
        CREATE TABLE tasks (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL,
            version INTEGER NOT NULL,
            queued_at INTEGER NOT NULL,
            queued_at_offset INTEGER NOT NULL,
            started_at INTEGER,
            started_at_offset INTEGER,
            finished_at INTEGER,
            finished_at_offset INTEGER,
            task_type TEXT NOT NULL,
            method TEXT NOT NULL,
            required_capabilities TEXT NOT NULL,
            timeout INTEGER,
            requested_slave_id TEXT,
            working_directory TEXT,
            environment TEXT,
            environment_names TEXT NOT NULL,
            max_retries INTEGER NOT NULL,
            submitted_by TEXT,
            slave_id TEXT,
            attempts INTEGER NOT NULL,
            exit_code INTEGER,
            output_truncated INTEGER NOT NULL,
            error_truncated INTEGER NOT NULL,
            method_used TEXT,
            duration INTEGER,
            reason TEXT,
            predicted_duration INTEGER,
            stdin TEXT,
            command TEXT NOT NULL,
            output TEXT NOT NULL,
            error TEXT NOT NULL
        );
        -- GetQueuedAsync: the queued tasks in start order, without a sort.
        CREATE INDEX ix_tasks_start_order ON tasks (status, priority DESC, sequence);
        -- ListAsync: newest first, the status filter answered from the index without reading the rows.
        CREATE INDEX ix_tasks_newest ON tasks (sequence DESC, status);
        -- CountAsync's finished-since and PurgeAsync's age bound.
        CREATE INDEX ix_tasks_finished ON tasks (finished_at);
        -- Tasks per status, kept by triggers: the queue bound AddAsync checks, and CountAsync, cost one row read
        -- instead of counting thousands of index entries (0.5 ms of a 0.9 ms add with 5,000 queued, here).
        CREATE TABLE task_counts (status TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks BEGIN
            INSERT INTO task_counts (status, count) VALUES (NEW.status, 1) ON CONFLICT (status) DO UPDATE SET count = count + 1;
        END;
        CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks BEGIN
            UPDATE task_counts SET count = count - 1 WHERE status = OLD.status;
        END;
        CREATE TRIGGER tasks_count_update AFTER UPDATE OF status ON tasks WHEN OLD.status IS NOT NEW.status BEGIN
            UPDATE task_counts SET count = count - 1 WHERE status = OLD.status;
            INSERT INTO task_counts (status, count) VALUES (NEW.status, 1) ON CONFLICT (status) DO UPDATE SET count = count + 1;
        END;
        """,
    ];

    /// <summary>Gets the version this build creates and understands.</summary>
    public static int CurrentVersion => Migrations.Count;
}
