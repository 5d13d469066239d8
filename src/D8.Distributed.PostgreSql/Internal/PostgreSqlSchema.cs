using System.Globalization;
using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The tables of the PostgreSQL stores, all in one schema, and their migrations. <c>&lt;schema&gt;.schema_version</c>
/// holds the version the schema is at. A master migrates on start inside one transaction (PostgreSQL's DDL is
/// transactional) that first takes an advisory lock keyed by the schema name, so two masters starting at once migrate
/// one after the other and the second finds nothing to do. Migrations only ever append: version N's statements are
/// never edited once released, a change is a new version.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The migrations, in order: element <c>i</c> takes the schema from version <c>i</c> to <c>i + 1</c>;
    /// <c>{schema}</c> stands for the quoted schema name.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // Version 1. Tasks: the record as a json document (json, not jsonb: jsonb refuses \u0000, which a task's
        // output may hold; and the document is only ever read whole), with the columns the queries filter and sort on beside it.
        // The identity sequence only grows, so a purged task's sequence is never handed out again. Times are UTC ticks
        // (comparable, exact); the document keeps the offsets. The registry: one jsonb document per slave, the shape
        // of an entry of slaves/config.json, so fields added to entries need no migration.
        """
        CREATE TABLE {schema}.tasks (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            task_id text NOT NULL UNIQUE,
            status text NOT NULL,
            priority integer NOT NULL,
            version bigint NOT NULL,
            queued_at bigint NOT NULL,
            finished_at bigint,
            document json NOT NULL
        );
        CREATE INDEX ix_tasks_start_order ON {schema}.tasks (priority DESC, sequence) WHERE status = 'queued';
        CREATE INDEX ix_tasks_status ON {schema}.tasks (status, sequence DESC);
        CREATE INDEX ix_tasks_finished ON {schema}.tasks (finished_at);
        CREATE TABLE {schema}.slaves (
            slave_id text PRIMARY KEY,
            position bigint GENERATED ALWAYS AS IDENTITY,
            document jsonb NOT NULL
        );
        CREATE TABLE {schema}.slaves_version (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
        INSERT INTO {schema}.slaves_version (id, version) VALUES (1, 0);
        """,

        // Version 2. Human requests: the record as a json document (the public shape of HumanRequest), with the columns
        // the outbox and the postponement timer query beside it; sequence is the creation order. The counter row holds
        // the last id number handed out (req-NNNN, never reused) and a version bumped by every write in the writer's
        // transaction: other masters poll it to learn of a change (see docs/multi-master.md).
        """
        CREATE TABLE {schema}.human_requests (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            request_id text NOT NULL UNIQUE,
            status text NOT NULL,
            notified boolean,
            postponed_until bigint,
            document json NOT NULL
        );
        CREATE INDEX ix_human_requests_status ON {schema}.human_requests (status, sequence);
        CREATE INDEX ix_human_requests_undelivered ON {schema}.human_requests (sequence) WHERE notified = false;
        CREATE TABLE {schema}.human_requests_counter (id integer PRIMARY KEY CHECK (id = 1), counter integer NOT NULL, version bigint NOT NULL);
        INSERT INTO {schema}.human_requests_counter (id, counter, version) VALUES (1, 0, 0);
        """,

        // Version 3. Owner alerts (slave down / recovered / version mismatch): the durable outbox next to the requests'
        // one, shared by the masters. The record as a json document (the public shape of OwnerAlert), the outbox's
        // column beside it; sequence is the creation order and decides which delivered alerts are pruned. Writes take
        // the requests' counter row lock and bump its version like every other write of the human requests.
        """
        CREATE TABLE {schema}.owner_alerts (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            alert_id text NOT NULL UNIQUE,
            delivered boolean NOT NULL,
            document json NOT NULL
        );
        CREATE INDEX ix_owner_alerts_undelivered ON {schema}.owner_alerts (sequence) WHERE delivered = false;
        """,

        // Version 4. The number of queued tasks, kept by a trigger on every insert, delete and status change of a task,
        // so that the queue's bound is one row read per add instead of a count(*) that grows with the queue (3 ms at
        // 5,000 queued). Written in the task's own transaction, so it is exactly as current as the rows; adders are
        // serialized by their advisory lock anyway, and no transaction changes two tasks (no lock order to get wrong).
        """
        CREATE TABLE {schema}.tasks_queued (id integer PRIMARY KEY CHECK (id = 1), queued bigint NOT NULL);
        INSERT INTO {schema}.tasks_queued (id, queued) SELECT 1, count(*) FROM {schema}.tasks WHERE status = 'queued';
        CREATE FUNCTION {schema}.count_queued_tasks() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE
            delta integer := 0;
        BEGIN
            IF TG_OP <> 'DELETE' THEN
                IF NEW.status = 'queued' THEN
                    delta := delta + 1;
                END IF;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                IF OLD.status = 'queued' THEN
                    delta := delta - 1;
                END IF;
            END IF;
            IF delta <> 0 THEN
                UPDATE {schema}.tasks_queued SET queued = queued + delta WHERE id = 1;
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER tasks_count_queued AFTER INSERT OR DELETE OR UPDATE OF status ON {schema}.tasks
            FOR EACH ROW EXECUTE FUNCTION {schema}.count_queued_tasks();
        """,
    ];

    /// <summary>Gets the version this build creates and understands.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>Quotes a schema name (already validated: lower-case letters, digits, underscores).</summary>
    public static string Quote(string schema) => "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The advisory lock key of a schema's migrations: a stable 64-bit FNV-1a hash of its name.</summary>
    public static long LockKey(string schema, string purpose)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in $"d8:{purpose}:{schema}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>Creates or migrates the schema; returns the version it was at before.</summary>
    /// <exception cref="PostgreSqlSchemaException">The schema is at a version newer than this build knows.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", LockKey(schema, "migrate"), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {quoted}; CREATE TABLE IF NOT EXISTS {quoted}.schema_version (version integer NOT NULL)", null, cancellationToken).ConfigureAwait(false);
        int version;
        await using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", connection, transaction))
        {
            version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (version > CurrentVersion)
        {
            throw new PostgreSqlSchemaException(string.Create(
                CultureInfo.InvariantCulture,
                $"The PostgreSQL schema '{schema}' is at version {version}, newer than this D8 understands ({CurrentVersion}): a newer master migrated it. Upgrade this master, or point it at another schema (D8:PostgreSql:Schema)."));
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            await ExecuteAsync(connection, transaction, Migrations[next].Replace("{schema}", quoted, StringComparison.Ordinal), null, cancellationToken).ConfigureAwait(false);
        }

        if (version < CurrentVersion)
        {
            await ExecuteAsync(connection, transaction, $"DELETE FROM {quoted}.schema_version; INSERT INTO {quoted}.schema_version (version) VALUES ({CurrentVersion.ToString(CultureInfo.InvariantCulture)})", null, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long? key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (key is { } value)
        {
            command.Parameters.AddWithValue("key", value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
