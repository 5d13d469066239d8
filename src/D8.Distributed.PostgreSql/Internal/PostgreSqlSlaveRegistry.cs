using System.Collections.Immutable;
using System.Text.Json;
using D8.Distributed.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The slave registry in PostgreSQL (<c>&lt;schema&gt;.slaves</c>, one jsonb document per slave), shared by every master
/// on the database, plus the slaves declared in this master's configuration.
/// </summary>
/// <remarks>
/// <para>Readers get an immutable snapshot from memory. Every write is one transaction that also bumps
/// <c>slaves_version</c>; afterwards the writer reloads. Another master learns of the change by polling that one-row
/// version every <c>D8:PostgreSql:ChangePollInterval</c> (and in <see cref="RefreshAsync"/>, which the health monitor calls before
/// each sweep): a reload happens only when the version moved. Polling, not LISTEN/NOTIFY, because it needs no dedicated
/// connection per master and cannot miss a change while a connection is being re-established.</para>
/// <para>Health is written to the database too, so a follower's dashboard shows what the leader measured; health
/// updates do not raise <see cref="Changed"/>.</para>
/// </remarks>
internal sealed class PostgreSqlSlaveRegistry : ISlaveRegistry, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, D8SlaveEndpointOptions> _configured;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly string _slaves;
    private readonly string _version;
    private State? _state;
    private ImmutableHashSet<string> _dropped = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private ITimer? _poll;
    private int _polling;
    private bool _disposed;

    public PostgreSqlSlaveRegistry(PostgreSqlDatabase database, IOptions<D8MasterOptions> options, TimeSpan pollInterval, TimeProvider timeProvider, ILogger<PostgreSqlSlaveRegistry> logger, bool ownsDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _ownsDatabase = ownsDatabase;
        _configured = new Dictionary<string, D8SlaveEndpointOptions>(options.Value.Slaves, StringComparer.Ordinal);
        _pollInterval = pollInterval;
        _timeProvider = timeProvider;
        _logger = logger;
        _slaves = database.QuotedSchema + ".slaves";
        _version = database.QuotedSchema + ".slaves_version";
    }

    public event EventHandler<SlaveRegistryChangedEventArgs>? Changed;

    private string Location => PostgreSqlLocation.Describe(_database);

    public IReadOnlyList<SlaveInfo> GetAll() => EnsureLoaded().Sorted;

    public SlaveInfo? Find(string slaveId)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        return EnsureLoaded().Slaves.GetValueOrDefault(slaveId);
    }

    public async ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Token is not null)
        {
            // Per-slave tokens live in the master's slaves/secrets.json (0600), which this registry does not write.
            throw new NotSupportedException($"Slave '{registration.Id}': the PostgreSQL registry does not keep per-slave tokens; register it without one (the shared D8:Master:Token is used).");
        }

        var slave = registration.ToSlaveInfo(_timeProvider.GetUtcNow());
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(
            async (connection, transaction) =>
            {
                await using var insert = Command(connection, transaction, $"INSERT INTO {_slaves} (slave_id, document) VALUES (@id, @document) ON CONFLICT (slave_id) DO NOTHING");
                insert.Parameters.AddWithValue("id", slave.Id);
                insert.Parameters.Add(Document(slave));
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    var existing = await ReadAsync(connection, transaction, [slave.Id], forUpdate: false, cancellationToken).ConfigureAwait(false);
                    var where = existing.TryGetValue(slave.Id, out var other) ? $" ({other.BaseAddress})" : string.Empty;
                    throw new InvalidOperationException($"A slave with id '{slave.Id}' is already registered{where}; unregister it first.");
                }

                await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        ImmutableInterlocked.Update(ref _dropped, static (set, id) => set.Remove(id), slave.Id);
        var state = await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        return state.Slaves.GetValueOrDefault(slave.Id) ?? slave;
    }

    public async ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await RunAsync(
            async (connection, transaction) =>
            {
                await using var delete = Command(connection, transaction, $"DELETE FROM {_slaves} WHERE slave_id = @id");
                delete.Parameters.AddWithValue("id", slaveId);
                var count = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (count > 0)
                {
                    await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                }

                return count > 0;
            },
            cancellationToken).ConfigureAwait(false);
        var configured = _configured.ContainsKey(slaveId) && !_dropped.Contains(slaveId);
        if (configured)
        {
            ImmutableInterlocked.Update(ref _dropped, static (set, id) => set.Add(id), slaveId);
        }

        await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        return deleted || configured;
    }

    public async ValueTask<SlaveChange?> UpdateAsync(string slaveId, Func<SlaveInfo, SlaveInfo> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        ArgumentNullException.ThrowIfNull(change);
        var changes = await UpdateAsync([new SlaveUpdate(slaveId, change)], cancellationToken).ConfigureAwait(false);
        return changes.Count == 0 ? null : changes[^1];
    }

    public async ValueTask<IReadOnlyList<SlaveChange>> UpdateAsync(IReadOnlyCollection<SlaveUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update, nameof(updates));
        }

        if (updates.Count == 0)
        {
            return [];
        }

        var view = await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<SlaveChange>();
        var goneMeanwhile = false;
        try
        {
            await RunAsync(
                async (connection, transaction) =>
                {
                    changes.Clear();
                    var ids = updates.Select(u => u.SlaveId).Distinct(StringComparer.Ordinal).ToArray();
                    var stored = await ReadAsync(connection, transaction, ids, forUpdate: true, cancellationToken).ConfigureAwait(false);
                    goneMeanwhile = ids.Any(id => view.Slaves.ContainsKey(id) && !stored.ContainsKey(id));
                    changes.AddRange(Apply(stored.ToDictionary(p => p.Key, p => Overlay(p.Value), StringComparer.Ordinal), updates));
                    foreach (var after in changes.Select(c => c.After).Reverse().DistinctBy(s => s.Id, StringComparer.Ordinal))
                    {
                        await using var write = Command(connection, transaction, $"UPDATE {_slaves} SET document = @document WHERE slave_id = @id");
                        write.Parameters.AddWithValue("id", after.Id);
                        write.Parameters.Add(Document(after));
                        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (changes.Count > 0)
                    {
                        await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    }

                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SlaveRegistryException exception)
        {
            // Health is measured again at the next sweep: keep this sweep's result in memory rather than fail it.
            changes.Clear();
            changes.AddRange(Apply(view.Slaves, updates));
            Log.RegistryHealthNotSaved(_logger, changes.Count, _database.Schema, exception.InnerException?.Message ?? exception.Message);
            ApplyInMemory(changes);
            return changes;
        }

        if (changes.Count == 0)
        {
            if (goneMeanwhile)
            {
                await ReloadAsync(CancellationToken.None, external: true).ConfigureAwait(false);
            }

            return changes;
        }

        // The last change of each slave ends at the snapshot the registry now holds; intermediate ones as computed.
        var state = await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        var last = changes.GroupBy(c => c.After.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return [.. changes.Select(c => ReferenceEquals(last[c.After.Id], c) && state.Slaves.GetValueOrDefault(c.After.Id) is { } now ? c with { After = now } : c)];
    }

    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_state is not { } state)
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var version = await RunAsync(async (connection, transaction) => await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (version != state.Version)
        {
            await ReloadAsync(cancellationToken, external: true).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Dispose(disposeDatabase: false);
        if (_ownsDatabase)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Dispose(disposeDatabase: true);
    }

    private void Dispose(bool disposeDatabase)
    {
        lock (_lock)
        {
            _disposed = true;
            _poll?.Dispose();
            _poll = null;
        }

        if (disposeDatabase && _ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private async ValueTask<State> EnsureLoadedAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _state) ?? await ReloadAsync(cancellationToken).ConfigureAwait(false);

    private State EnsureLoaded() =>
        Volatile.Read(ref _state) ?? Task.Run(async () => await ReloadAsync(CancellationToken.None).ConfigureAwait(false)).GetAwaiter().GetResult();

    /// <summary>Reads the whole registry (a handful of rows) and swaps the snapshot; raises <see cref="Changed"/> for
    /// slaves that came, went or moved.</summary>
    private async Task<State> ReloadAsync(CancellationToken cancellationToken, bool external = false)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        SlaveRegistryChangedEventArgs? changed;
        State next;
        try
        {
            var first = _state is null;
            var (version, stored) = await RunAsync(
                async (connection, transaction) =>
                {
                    if (first)
                    {
                        await InsertConfiguredAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    }

                    var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    return (version, await ReadAsync(connection, transaction, null, forUpdate: false, cancellationToken).ConfigureAwait(false));
                },
                cancellationToken).ConfigureAwait(false);
            var previous = _state;
            next = Compose(version, stored, previous);
            Volatile.Write(ref _state, next);
            changed = previous is null ? null : Diff(previous, next);
            StartPolling();
        }
        finally
        {
            _gate.Release();
        }

        if (external && changed is not null)
        {
            Log.RegistryChangedElsewhere(_logger, _database.Schema, string.Join(", ", changed.Added), string.Join(", ", changed.Removed), string.Join(", ", changed.Moved));
        }

        Raise(changed);
        return next;
    }

    private State Compose(long version, IReadOnlyDictionary<string, SlaveInfo> stored, State? previous)
    {
        var slaves = ImmutableDictionary.CreateBuilder<string, SlaveInfo>(StringComparer.Ordinal);
        var dropped = _dropped;
        foreach (var (id, slave) in stored)
        {
            slaves[id] = Overlay(slave);
        }

        foreach (var (id, configured) in _configured)
        {
            if (!dropped.Contains(id) && !slaves.ContainsKey(id))
            {
                slaves[id] = previous?.Slaves.GetValueOrDefault(id) ?? FromConfiguration(id, configured);
            }
        }

        var all = slaves.ToImmutable();
        return new State(version, all, [.. all.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);
    }

    /// <summary>Configuration wins for where a declared slave is and what it is labelled with.</summary>
    private SlaveInfo Overlay(SlaveInfo slave) =>
        !_dropped.Contains(slave.Id) && _configured.TryGetValue(slave.Id, out var configured)
            ? slave with { Host = configured.Host, Port = configured.Port, Capabilities = [.. configured.Capabilities] }
            : slave;

    private static List<SlaveChange> Apply(IReadOnlyDictionary<string, SlaveInfo> current, IReadOnlyCollection<SlaveUpdate> updates)
    {
        var latest = new Dictionary<string, SlaveInfo>(StringComparer.Ordinal);
        var changes = new List<SlaveChange>();
        foreach (var update in updates)
        {
            if (!latest.TryGetValue(update.SlaveId, out var before) && !current.TryGetValue(update.SlaveId, out before))
            {
                continue; // Removed by someone else meanwhile: never brought back.
            }

            var after = update.Change(before) ?? throw new InvalidOperationException($"The update of slave '{update.SlaveId}' returned null.");
            if (ReferenceEquals(after, before))
            {
                continue;
            }

            after = after with { Id = before.Id, Host = before.Host, Port = before.Port };
            latest[after.Id] = after;
            changes.Add(new SlaveChange(before, after));
        }

        return changes;
    }

    private void ApplyInMemory(List<SlaveChange> changes)
    {
        lock (_lock)
        {
            if (_state is not { } state)
            {
                return;
            }

            var slaves = state.Slaves;
            foreach (var change in changes.Where(c => slaves.ContainsKey(c.After.Id)))
            {
                slaves = slaves.SetItem(change.After.Id, change.After);
            }

            Volatile.Write(ref _state, new State(state.Version, slaves, [.. slaves.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]));
        }
    }

    private async Task InsertConfiguredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var inserted = 0;
        foreach (var (id, configured) in _configured)
        {
            await using var insert = Command(connection, transaction, $"INSERT INTO {_slaves} (slave_id, document) VALUES (@id, @document) ON CONFLICT (slave_id) DO NOTHING");
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.Add(Document(FromConfiguration(id, configured)));
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (inserted > 0)
        {
            await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    private SlaveInfo FromConfiguration(string id, D8SlaveEndpointOptions configured) => new()
    {
        Id = id,
        Host = configured.Host,
        Port = configured.Port,
        Capabilities = [.. configured.Capabilities],
        RegisteredAt = _timeProvider.GetUtcNow(),
    };

    private async Task<Dictionary<string, SlaveInfo>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[]? ids, bool forUpdate, CancellationToken cancellationToken)
    {
        var where = ids is null ? string.Empty : " WHERE slave_id = ANY(@ids)";
        var lockRows = forUpdate ? " FOR UPDATE" : string.Empty;
        await using var select = Command(connection, transaction, $"SELECT slave_id, document FROM {_slaves}{where} ORDER BY position{lockRows}");
        if (ids is not null)
        {
            select.Parameters.AddWithValue("ids", ids);
        }

        var result = new Dictionary<string, SlaveInfo>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            var slave = JsonSerializer.Deserialize(reader.GetString(1), PostgreSqlStoresJsonContext.Default.SlaveInfo)
                ?? throw new JsonException($"the document of slave '{id}' is null");
            result[id] = slave with { Id = id };
        }

        return result;
    }

    private async Task<long> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT version FROM {_version} WHERE id = 1");
        return (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task BumpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var bump = Command(connection, transaction, $"UPDATE {_version} SET version = version + 1 WHERE id = 1");
        await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Document(SlaveInfo slave) =>
        new("document", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(slave, PostgreSqlStoresJsonContext.Default.SlaveInfo) };

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
        new(sql, connection, transaction) { CommandTimeout = (int)Math.Ceiling(_database.CommandTimeout.TotalSeconds) };

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await body(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (NpgsqlException exception)
        {
            throw new SlaveRegistryException(Location, $"The slave registry in {Location} cannot be used: {PostgreSqlLocation.Cause(_database, exception)}", exception);
        }
        catch (JsonException exception)
        {
            throw new SlaveRegistryException(Location, $"The slave registry in {Location} holds a slave this version cannot read: {exception.Message}", exception);
        }
    }

    private void StartPolling()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _poll ??= _timeProvider.CreateTimer(static state => ((PostgreSqlSlaveRegistry)state!).Poll(), this, _pollInterval, _pollInterval);
            }
        }
    }

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
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (SlaveRegistryException exception)
            {
                Log.RegistryRefreshFailed(_logger, _database.Schema, exception.InnerException?.Message ?? exception.Message);
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

    private void Raise(SlaveRegistryChangedEventArgs? changed)
    {
        if (changed is null || Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<SlaveRegistryChangedEventArgs>>())
        {
            try
            {
                handler(this, changed);
            }
#pragma warning disable CA1031 // A handler's failure must not fail the write that already happened, nor the other handlers.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.RegistryHandlerFailed(_logger, exception);
            }
        }
    }

    private static SlaveRegistryChangedEventArgs? Diff(State previous, State next)
    {
        var added = next.Sorted.Where(s => !previous.Slaves.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        var removed = previous.Sorted.Where(s => !next.Slaves.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        var moved = next.Sorted
            .Where(s => previous.Slaves.TryGetValue(s.Id, out var before) && (!string.Equals(before.Host, s.Host, StringComparison.OrdinalIgnoreCase) || before.Port != s.Port))
            .Select(s => s.Id)
            .ToList();
        return added.Count + removed.Count + moved.Count == 0 ? null : new SlaveRegistryChangedEventArgs(added, removed, moved);
    }

    /// <summary>One consistent view: the version it was read at, the slaves by id and in id order.</summary>
    private sealed record State(long Version, ImmutableDictionary<string, SlaveInfo> Slaves, IReadOnlyList<SlaveInfo> Sorted);
}
