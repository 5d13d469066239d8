using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The leader lease of several masters on one database (§11): a session-level advisory lock
/// (<c>pg_try_advisory_lock</c>) held on a dedicated, unpooled connection. The master whose session holds it is the
/// leader; the others try again every <see cref="RetryInterval"/>. PostgreSQL releases the lock when the session ends,
/// so a leader that dies (even by SIGKILL) frees it within a retry interval of the server noticing the closed
/// connection. The leader checks its session every <see cref="HeartbeatInterval"/>; when that fails (database gone,
/// connection cut) it steps down at once: its term's token is cancelled and the leader-only loops stop.
/// </summary>
internal sealed class PostgreSqlLeaderLease : BackgroundService, ID8Leadership, IHumanRequestsLeadership
{
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(3);

    private readonly string _connectionString;
    private readonly long _key;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlLeaderLease> _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _term;
    private D8LeadershipRole _role = D8LeadershipRole.Follower;

    public PostgreSqlLeaderLease(string connectionString, string schema, TimeProvider time, ILogger<PostgreSqlLeaderLease> logger)
    {
        // A pooled connection would go back to the pool on close with the lock still held by its session.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false }.ConnectionString;
        _schema = schema;
        _key = LockKey(schema);
        _time = time;
        _logger = logger;
    }

    public D8LeadershipRole Role
    {
        get
        {
            lock (_gate)
            {
                return _role;
            }
        }
    }

    public event EventHandler? RoleChanged;

    public async ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> granted;
        lock (_gate)
        {
            granted = _granted.Task;
        }

        return await granted.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The advisory lock key of a schema: a fixed 64-bit FNV-1a hash (the same in every process).</summary>
    internal static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "d8-leader:" + schema)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                while (!await TryLockAsync(connection, stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(RetryInterval, _time, stoppingToken).ConfigureAwait(false);
                }

                BeginTerm();
                while (true)
                {
                    await Task.Delay(HeartbeatInterval, _time, stoppingToken).ConfigureAwait(false);
                    await HeartbeatAsync(connection, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                if (EndTerm())
                {
                    Log.LeaseLost(_logger, _schema, ex.Message);
                }
                else
                {
                    Log.LeaseUnavailable(_logger, _schema, ex.Message);
                }
            }

            try
            {
                await Task.Delay(RetryInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        EndTerm();
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", _key);
        command.CommandTimeout = (int)HeartbeatTimeout.TotalSeconds;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task HeartbeatAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        command.CommandTimeout = (int)HeartbeatTimeout.TotalSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HeartbeatTimeout);
        await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
    }

    private void BeginTerm()
    {
        lock (_gate)
        {
            _term = new CancellationTokenSource();
            _role = D8LeadershipRole.Leader;
            _granted.TrySetResult(_term.Token);
        }

        Log.LeaseAcquired(_logger, _schema);
        RoleChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Ends the current term, if any; whether there was one.</summary>
    private bool EndTerm()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term;
            if (ended is null)
            {
                return false;
            }

            _term = null;
            _role = D8LeadershipRole.Follower;
            _granted = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.Cancel(); // Not disposed: the ended term's work may still link to its token.
        RoleChanged?.Invoke(this, EventArgs.Empty);
        return true;
    }
}
