using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// One master's PostgreSQL: its <see cref="NpgsqlDataSource"/> (one per master, shared by every store) and the schema,
/// migrated once on first use (again after a failed attempt).
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly bool _ownsDataSource;
    private bool _migrated;

    public PostgreSqlDatabase(NpgsqlDataSource dataSource, string schema, TimeSpan commandTimeout, bool ownsDataSource)
    {
        DataSource = dataSource;
        Schema = schema;
        QuotedSchema = PostgreSqlSchema.Quote(schema);
        CommandTimeout = commandTimeout;
        _ownsDataSource = ownsDataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    public string QuotedSchema { get; }

    public TimeSpan CommandTimeout { get; }

    /// <summary>Creates the database of a connection string (the data source is owned and disposed with it).</summary>
    public static PostgreSqlDatabase Create(string connectionString, string schema, TimeSpan commandTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = (int)Math.Ceiling(commandTimeout.TotalSeconds) };
        return new PostgreSqlDatabase(NpgsqlDataSource.Create(builder.ConnectionString), schema, commandTimeout, ownsDataSource: true);
    }

    /// <summary>Migrates the schema unless done already.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated))
        {
            return;
        }

        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await PostgreSqlSchema.MigrateAsync(DataSource, Schema, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _migrated, true);
            }
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>Opens a connection after the schema is ready.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }

        _migrationGate.Dispose();
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            DataSource.Dispose();
        }

        _migrationGate.Dispose();
    }
}
