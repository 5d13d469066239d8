using System.Text.Json;
using D8.HumanRequests;
using Microsoft.Extensions.Primitives;
using Npgsql;
using NpgsqlTypes;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The human requests in PostgreSQL: one row per request in <c>&lt;schema&gt;.human_requests</c> (the record as json,
/// the outbox's and the timer's columns beside it) and one counter row in <c>human_requests_counter</c>.
/// </summary>
/// <remarks>
/// <para>Every write is one transaction that starts by locking the counter row and ends by bumping its version, so
/// writes are serialized across masters (a create and an update of the same record never interleave) and the counter
/// moves only when the create commits: a callback that throws consumes no id.</para>
/// <para>The change signal: writes through this instance fire it at once; another master's writes are seen by polling
/// the counter row's version every <c>D8:PostgreSql:ChangePollInterval</c> while a token is watched.</para>
/// </remarks>
internal sealed partial class PostgreSqlHumanRequestStore : IHumanRequestStore, IHumanRequestStoreTransfer, IAsyncDisposable, IDisposable
{
    private const string Columns = "document";

    private readonly PostgreSqlDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _timeProvider;
    private readonly string _requests;
    private readonly string _counter;
    private readonly Lock _changeLock = new();
    private CancellationTokenSource _changed = new();
    private long? _lastVersion;
    private ITimer? _poll;
    private int _polling;
    private bool _disposed;

    public PostgreSqlHumanRequestStore(PostgreSqlDatabase database, TimeSpan pollInterval, TimeProvider timeProvider, bool ownsDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _pollInterval = pollInterval;
        _timeProvider = timeProvider;
        _ownsDatabase = ownsDatabase;
        _requests = database.QuotedSchema + ".human_requests";
        _counter = database.QuotedSchema + ".human_requests_counter";
    }

    public string Location => PostgreSqlLocation.Describe(_database);

    public ValueTask<int> GetCounterAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var select = Command(connection, null, $"SELECT counter FROM {_counter} WHERE id = 1");
                return (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken);

    public async ValueTask<HumanRequest> CreateAsync(Func<string, HumanRequest> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var created = await RunAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var number = await LockCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false) + 1;
                while (await ExistsAsync(connection, transaction, Format(number), cancellationToken).ConfigureAwait(false))
                {
                    number++; // an imported or hand-edited counter must never make us reuse an id
                }

                var id = Format(number);
                var request = create(id) ?? throw new InvalidOperationException("The create callback returned null.");
                if (!string.Equals(request.Id, id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The create callback returned id '{request.Id}' instead of '{id}'.");
                }

                await using (var insert = Command(connection, transaction, $"INSERT INTO {_requests} (request_id, status, notified, postponed_until, document) VALUES (@id, @status, @notified, @postponed_until, @document)"))
                {
                    Bind(insert.Parameters, request);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var counter = Command(connection, transaction, $"UPDATE {_counter} SET counter = @counter WHERE id = 1"))
                {
                    counter.Parameters.AddWithValue("counter", number);
                    await counter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var version = await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (request, version);
            },
            cancellationToken).ConfigureAwait(false);
        Changed(created.version);
        return created.request;
    }

    public ValueTask<HumanRequest?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return RunAsync(connection => GetAsync(connection, requestId, cancellationToken), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<HumanRequest>> QueryAsync(HumanRequestFilter? filter, CancellationToken cancellationToken)
    {
        // The status narrows in SQL (indexed); type and creator are matched on the records, exactly as the filter says.
        var requests = filter?.Status is { } status
            ? await SelectAsync("WHERE status = @status ORDER BY sequence", c => c.Parameters.AddWithValue("status", StatusName(status)), cancellationToken).ConfigureAwait(false)
            : await SelectAsync("ORDER BY sequence", null, cancellationToken).ConfigureAwait(false);
        return filter is null ? requests : [.. requests.Where(filter.Matches)];
    }

    public async ValueTask<HumanRequest?> UpdateAsync(string requestId, Func<HumanRequest, HumanRequest> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(update);
        var (result, version) = await RunAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

                // Three round trips: both locks (the counter first, as every writer takes it, then the row), the write
                // with the change signal's bump, the commit.
                HumanRequest? request;
                await using (var read = Batch(
                    connection,
                    transaction,
                    $"SELECT counter FROM {_counter} WHERE id = 1 FOR UPDATE",
                    $"SELECT {Columns} FROM {_requests} WHERE request_id = @id FOR UPDATE"))
                {
                    read.BatchCommands[1].Parameters.AddWithValue("id", requestId);
                    await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the counter's row
                    request = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                }

                if (request is null)
                {
                    return ((HumanRequest?)null, (long?)null);
                }

                var updated = update(request) ?? throw new InvalidOperationException("The update callback returned null.");
                if (ReferenceEquals(updated, request))
                {
                    return (request, null);
                }

                if (!string.Equals(updated.Id, request.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The update callback changed the id '{request.Id}' to '{updated.Id}'.");
                }

                long bumped;
                await using (var write = Batch(
                    connection,
                    transaction,
                    $"UPDATE {_counter} SET version = version + 1 WHERE id = 1 RETURNING version",
                    $"UPDATE {_requests} SET status = @status, notified = @notified, postponed_until = @postponed_until, document = @document WHERE request_id = @id"))
                {
                    Bind(write.BatchCommands[1].Parameters, updated);
                    await using var reader = await write.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    bumped = reader.GetInt64(0);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (updated, bumped);
            },
            cancellationToken).ConfigureAwait(false);
        if (version is { } v)
        {
            Changed(v);
        }

        return result;
    }

    public async ValueTask<IReadOnlyList<HumanRequest>> GetUndeliveredNotificationsAsync(CancellationToken cancellationToken) =>
        await SelectAsync("WHERE notified = false ORDER BY sequence", null, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<HumanRequest>> GetPostponedAsync(CancellationToken cancellationToken) =>
        await SelectAsync(
            "WHERE status = @status ORDER BY postponed_until NULLS FIRST, sequence",
            c => c.Parameters.AddWithValue("status", StatusName(HumanRequestStatus.Postponed)),
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<HumanRequestBudget> GetBudgetAsync(TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var requests = await SelectAsync(
            "WHERE status <> ALL(@excluded) ORDER BY sequence",
            c => c.Parameters.AddWithValue("excluded", new[] { StatusName(HumanRequestStatus.Rejected), StatusName(HumanRequestStatus.Cancelled) }),
            cancellationToken).ConfigureAwait(false);
        var total = HumanRequestCostTotals.Zero;
        var byType = new Dictionary<HumanRequestType, HumanRequestCostTotals>();
        var byMonth = new SortedDictionary<(int Year, int Month), HumanRequestCostTotals>();
        foreach (var request in requests)
        {
            total = total.Add(request);
            byType[request.Type] = byType.GetValueOrDefault(request.Type, HumanRequestCostTotals.Zero).Add(request);
            var local = TimeZoneInfo.ConvertTime(request.CreatedAt, timeZone);
            byMonth[(local.Year, local.Month)] = byMonth.GetValueOrDefault((local.Year, local.Month), HumanRequestCostTotals.Zero).Add(request);
        }

        return new HumanRequestBudget
        {
            Total = total,
            ByType = byType,
            ByMonth = [.. byMonth.Select(p => new HumanRequestMonthlyCost(p.Key.Year, p.Key.Month, p.Value))],
        };
    }

    public IChangeToken WatchChanges()
    {
        bool known;
        lock (_changeLock)
        {
            known = _lastVersion is not null;
        }

        if (!known)
        {
            // The baseline the polls compare with: what the caller read before taking the token is at most this.
            try
            {
                var version = Task.Run(() => ReadVersionAsync(CancellationToken.None)).GetAwaiter().GetResult();
                lock (_changeLock)
                {
                    _lastVersion ??= version;
                }
            }
            catch (HumanRequestStoreException)
            {
                // The database is away: the first poll that reaches it fires the token, which makes the waiter look.
            }
        }

        lock (_changeLock)
        {
            var token = new CancellationChangeToken(_changed.Token);
            if (!_disposed)
            {
                _poll ??= _timeProvider.CreateTimer(static state => ((PostgreSqlHumanRequestStore)state!).Poll(), this, _pollInterval, _pollInterval);
            }

            return token;
        }
    }

    public async ValueTask ReplaceAllAsync(int counter, IReadOnlyList<HumanRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentNullException.ThrowIfNull(requests);
        var version = await RunAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await LockCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var delete = Command(connection, transaction, $"DELETE FROM {_requests}"))
                {
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var request in requests)
                {
                    ArgumentNullException.ThrowIfNull(request, nameof(requests));
                    await using var insert = Command(connection, transaction, $"INSERT INTO {_requests} (request_id, status, notified, postponed_until, document) VALUES (@id, @status, @notified, @postponed_until, @document)");
                    Bind(insert.Parameters, request);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var write = Command(connection, transaction, $"UPDATE {_counter} SET counter = @counter WHERE id = 1"))
                {
                    write.Parameters.AddWithValue("counter", counter);
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var bumped = await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return bumped;
            },
            cancellationToken).ConfigureAwait(false);
        Changed(version);
    }

    public async ValueTask DisposeAsync()
    {
        StopPolling();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        StopPolling();
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static string Format(int number) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"req-{number:D4}");

    private static string StatusName(HumanRequestStatus status) => status.ToString();

    private static void Bind(NpgsqlParameterCollection parameters, HumanRequest request)
    {
        parameters.AddWithValue("id", request.Id);
        parameters.AddWithValue("status", StatusName(request.Status));
        parameters.Add(new NpgsqlParameter("notified", NpgsqlDbType.Boolean) { Value = request.Notification is { } n ? n.Notified : DBNull.Value });
        parameters.Add(new NpgsqlParameter("postponed_until", NpgsqlDbType.Bigint) { Value = request.PostponedUntil is { } until ? until.UtcTicks : DBNull.Value });
        parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(request, PostgreSqlStoresJsonContext.Default.HumanRequest) });
    }

    private static HumanRequest Read(NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetString(0), PostgreSqlStoresJsonContext.Default.HumanRequest) ?? throw new JsonException("a request document is null");

    private async Task<int> LockCounterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT counter FROM {_counter} WHERE id = 1 FOR UPDATE");
        return (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<long> BumpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var bump = Command(connection, transaction, $"UPDATE {_counter} SET version = version + 1 WHERE id = 1 RETURNING version");
        return (long)(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string requestId, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM {_requests} WHERE request_id = @id)");
        select.Parameters.AddWithValue("id", requestId);
        return (bool)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<HumanRequest?> GetAsync(NpgsqlConnection connection, string requestId, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, null, $"SELECT {Columns} FROM {_requests} WHERE request_id = @id");
        select.Parameters.AddWithValue("id", requestId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private ValueTask<List<HumanRequest>> SelectAsync(string where, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var select = Command(connection, null, $"SELECT {Columns} FROM {_requests} {where}");
                bind?.Invoke(select);
                var result = new List<HumanRequest>();
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(Read(reader));
                }

                return result;
            },
            cancellationToken);

    /// <summary>Statements sent in one round trip, in order, in the transaction.</summary>
    private NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, params string[] statements)
    {
        var batch = new NpgsqlBatch(connection, transaction) { Timeout = (int)Math.Ceiling(_database.CommandTimeout.TotalSeconds) };
        foreach (var sql in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        return batch;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) =>
        new(sql, connection, transaction) { CommandTimeout = (int)Math.Ceiling(_database.CommandTimeout.TotalSeconds) };

    private async ValueTask<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            throw new HumanRequestStoreException(Location, $"The human requests in {Location} cannot be used: {PostgreSqlLocation.Cause(_database, exception)}", exception);
        }
        catch (JsonException exception)
        {
            throw new HumanRequestStoreException(Location, $"The human requests in {Location} hold a record this version cannot read: {exception.Message}", exception);
        }
    }

    /// <summary>Fires the change token for a version this instance has not seen yet.</summary>
    private void Changed(long version)
    {
        CancellationTokenSource? fire;
        lock (_changeLock)
        {
            if (_lastVersion is { } last && version <= last)
            {
                return;
            }

            _lastVersion = version;
            fire = _changed;
            _changed = new CancellationTokenSource();
        }

        fire.Cancel();
        fire.Dispose();
    }

    private async Task<long> ReadVersionAsync(CancellationToken cancellationToken) =>
        await RunAsync(
            async connection =>
            {
                await using var select = Command(connection, null, $"SELECT version FROM {_counter} WHERE id = 1");
                return (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);

    private void Poll()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                Changed(await ReadVersionAsync(CancellationToken.None).ConfigureAwait(false));
            }
            catch (HumanRequestStoreException)
            {
                // The database is away: the next poll looks again; the callers' own reads report it.
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                Volatile.Write(ref _polling, 0);
            }
        });
    }

    private void StopPolling()
    {
        lock (_changeLock)
        {
            _disposed = true;
            _poll?.Dispose();
            _poll = null;
        }
    }
}
