using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The embedded task store: one SQLite file (<c>&lt;data dir&gt;/tasks.db</c>) in WAL mode with
/// <c>synchronous=FULL</c>, so a call returns after its transaction is on disk.
/// </summary>
/// <remarks>
/// One connection behind a gate, rather than a pooled connection per call: SQLite has a single writer anyway, so
/// parallel connections would only queue on the file's write lock through busy retries (sleeps), where the gate hands
/// over at once and in order; and the per-connection pragmas are set once. Another process using the same file is
/// waited for up to <see cref="BusyTimeout"/>. The file is opened, created and migrated on first use, not when the
/// store is constructed, so resolving the master's services touches no disk.
/// </remarks>
internal sealed partial class SqliteTaskStore : ITaskStore, IDisposable, IAsyncDisposable
{
    /// <summary>How long a call waits, by default, for another process holding the file's write lock.</summary>
    internal static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private SqliteConnection? _connection;
    private readonly string _synchronous;
    private bool _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="logger">The log.</param>
    /// <param name="busyTimeout">How long to wait for another process's write lock (default 10 s).</param>
    /// <param name="synchronousFull">
    /// <see langword="false"/> for <c>synchronous=NORMAL</c>, which survives a crash of the process but may lose the
    /// last commits in a power cut: only for the benchmark that measures what FULL costs.
    /// </param>
    public SqliteTaskStore(string path, ILogger<SqliteTaskStore>? logger = null, TimeSpan? busyTimeout = null, bool synchronousFull = true)
    {
        _synchronous = synchronousFull ? "FULL" : "NORMAL";
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        BusyTimeout = busyTimeout ?? DefaultBusyTimeout;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The store holds its one connection for its lifetime; without a pool, closing it releases the file.
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement for this long on top of busy_timeout; 0 would mean forever.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>Gets how long a call waits for another process holding the file's write lock.</summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Creates the store the master's options name: <paramref name="path"/>, else <c>Queue.SqlitePath</c>, under the data directory when relative.</summary>
    public static SqliteTaskStore Create(IServiceProvider services, string? path)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<D8MasterOptions>>().Value;
        var file = System.IO.Path.Combine(options.DataDirectory, path ?? options.Queue.SqlitePath);
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return new SqliteTaskStore(file, loggers.CreateLogger<SqliteTaskStore>());
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the store's connection, one call at a time, opening the file first when needed.
    /// SQLite's errors become <see cref="TaskStoreException"/>s naming the file.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            _connection ??= Open();
            return body(_connection);
        }
        catch (SqliteException exception)
        {
            throw Failure(exception);
        }
        catch (FormatException exception)
        {
            throw new TaskStoreException(Path, $"The task store {Path} holds a record this version cannot read: {exception.Message}.", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Close()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection?.Dispose();
        _connection = null;
    }

    private TaskStoreException Failure(SqliteException exception)
    {
        var cause = exception.SqliteErrorCode switch
        {
            // SQLITE_CORRUPT, SQLITE_NOTADB: never written over, so nothing more is lost.
            11 or 26 => "it is not a SQLite database, or it is damaged. It was left as it is: move it away (a new, empty store is then created) or restore a backup",
            // SQLITE_BUSY, SQLITE_LOCKED
            5 or 6 => string.Create(CultureInfo.InvariantCulture, $"another process held it locked for more than {BusyTimeout.TotalSeconds:0.#} s"),
            // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM
            8 or 14 or 3 => "it cannot be opened for writing (check that its directory exists and that this user may write there)",
            // SQLITE_FULL
            13 => "the disk is full",
            _ => "SQLite failed",
        };
        return new TaskStoreException(Path, $"The task store {Path} cannot be used: {cause} ({exception.Message.TrimEnd('.')}).", exception);
    }
}
