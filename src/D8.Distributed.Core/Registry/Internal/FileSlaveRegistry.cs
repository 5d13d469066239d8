using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The registry behind <see cref="ISlaveRegistry"/>: an immutable snapshot swapped under a lock (readers never wait),
/// persisted to <c>&lt;data&gt;/slaves/config.json</c> with atomic writes (temp file, flush, rename) serialised by a gate.
/// </summary>
internal sealed class FileSlaveRegistry : ISlaveRegistry, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FileSlaveRegistry> _logger;
    private State? _state;

    public FileSlaveRegistry(IOptions<D8MasterOptions> options, TimeProvider timeProvider, ILogger<FileSlaveRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        FilePath = Path.Combine(_options.DataDirectory, "slaves", "config.json");
    }

    /// <summary>Gets the full path of <c>slaves/config.json</c>.</summary>
    public string FilePath { get; }

    /// <summary>Raised after a slave was registered, so the monitor checks it without waiting for its next wake-up.</summary>
    public event Action? SlaveAdded;

    public IReadOnlyList<SlaveInfo> GetAll() =>
        [.. EnsureLoaded().Slaves.Values.OrderBy(slave => slave.Id, StringComparer.Ordinal)];

    public SlaveInfo? Find(string slaveId)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        return EnsureLoaded().Slaves.GetValueOrDefault(slaveId);
    }

    public async ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Id, nameof(registration));
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Host, nameof(registration));
        if (registration.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {registration.Port} of slave '{registration.Id}' is not a TCP port (1-65535).", nameof(registration));
        }

        EnsureLoaded();
        var slave = new SlaveInfo
        {
            Id = registration.Id,
            Host = registration.Host,
            Port = registration.Port,
            InstallMethod = registration.InstallMethod,
            RegisteredAt = _timeProvider.GetUtcNow(),
            Capabilities = [.. registration.Capabilities],
        };

        lock (_lock)
        {
            if (_state!.Slaves.ContainsKey(slave.Id))
            {
                throw new InvalidOperationException($"A slave with id '{slave.Id}' is already registered ({_state.Slaves[slave.Id].BaseAddress}); unregister it first.");
            }

            _state = _state with { Slaves = _state.Slaves.Add(slave.Id, slave), Order = _state.Order.Add(slave.Id) };
        }

        Log.SlaveRegistered(_logger, slave.Id, slave.BaseAddress);
        try
        {
            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not persisted, and the caller is told so: it must not stay registered in memory either, where it would
            // be used until the next start and then vanish, and a retry would be refused as a duplicate.
            lock (_lock)
            {
                _state = _state! with { Slaves = _state.Slaves.Remove(slave.Id), Order = _state.Order.Remove(slave.Id, StringComparer.Ordinal) };
            }

            throw;
        }

        SlaveAdded?.Invoke();
        return slave;
    }

    public async ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        EnsureLoaded();
        lock (_lock)
        {
            if (!_state!.Slaves.ContainsKey(slaveId))
            {
                return false;
            }

            _state = _state with
            {
                Slaves = _state.Slaves.Remove(slaveId),
                Order = _state.Order.Remove(slaveId, StringComparer.Ordinal),
                Extras = _state.Extras.Remove(slaveId),
            };
        }

        Log.SlaveUnregistered(_logger, slaveId);
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Atomically replaces one slave's snapshot; returns the (before, after) pair, or null when it is gone.</summary>
    public (SlaveInfo Before, SlaveInfo After)? Update(string slaveId, Func<SlaveInfo, SlaveInfo> change)
    {
        EnsureLoaded();
        lock (_lock)
        {
            if (!_state!.Slaves.TryGetValue(slaveId, out var before))
            {
                return null;
            }

            var after = change(before) with { Id = before.Id, Host = before.Host, Port = before.Port };
            _state = _state with { Slaves = _state.Slaves.SetItem(slaveId, after) };
            return (before, after);
        }
    }

    /// <summary>Writes the current snapshot to disk: temp file in the same folder, flushed, then renamed over the file.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = EnsureLoaded();
            var zone = _timeProvider.LocalTimeZone;
            var file = new Dictionary<string, SlaveFileEntry>(StringComparer.Ordinal);
            foreach (var id in state.Order)
            {
                file[id] = ToEntry(state.Slaves[id], state.Extras.GetValueOrDefault(id), zone);
            }

            var directory = Path.GetDirectoryName(FilePath)!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".config.json.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
                {
                    await JsonSerializer.SerializeAsync(stream, file, SlaveRegistryJsonContext.Default.DictionaryStringSlaveFileEntry, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, FilePath, overwrite: true);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose() => _writeGate.Dispose();

    private State EnsureLoaded()
    {
        var state = Volatile.Read(ref _state);
        if (state is not null)
        {
            return state;
        }

        lock (_lock)
        {
            _state ??= Load();
            return _state;
        }
    }

    private State Load()
    {
        var zone = _timeProvider.LocalTimeZone;
        var slaves = ImmutableDictionary.CreateBuilder<string, SlaveInfo>(StringComparer.Ordinal);
        var extras = ImmutableDictionary.CreateBuilder<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
        var order = ImmutableList.CreateBuilder<string>();

        foreach (var (id, entry) in ReadFile())
        {
            slaves[id] = FromEntry(id, entry, zone);
            order.Add(id);
            if (entry.Extra is { Count: > 0 })
            {
                extras[id] = entry.Extra;
            }
        }

        foreach (var (id, configured) in _options.Slaves)
        {
            var capabilities = configured.Capabilities.ToImmutableArray();
            if (slaves.TryGetValue(id, out var existing))
            {
                // Configuration wins for where the slave is and what it is labelled with; the file keeps its history.
                slaves[id] = existing with { Host = configured.Host, Port = configured.Port, Capabilities = capabilities };
            }
            else
            {
                slaves[id] = new SlaveInfo
                {
                    Id = id,
                    Host = configured.Host,
                    Port = configured.Port,
                    Capabilities = capabilities,
                    RegisteredAt = _timeProvider.GetUtcNow(),
                };
                order.Add(id);
            }
        }

        Log.RegistryLoaded(_logger, FilePath, slaves.Count);
        return new State(slaves.ToImmutable(), order.ToImmutable(), extras.ToImmutable());
    }

    private Dictionary<string, SlaveFileEntry> ReadFile()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            using var stream = File.OpenRead(FilePath);
            var file = JsonSerializer.Deserialize(stream, SlaveRegistryJsonContext.Default.DictionaryStringSlaveFileEntry)
                ?? throw new InvalidOperationException($"The slave registry '{FilePath}' holds null; it must be a JSON object keyed by slave id.");
            foreach (var (id, entry) in file)
            {
                if (entry is null || string.IsNullOrWhiteSpace(entry.Host))
                {
                    throw new InvalidOperationException($"The slave registry '{FilePath}' has an entry '{id}' without a host.");
                }
            }

            return file;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The slave registry '{FilePath}' is not valid JSON in the expected format (an object keyed by slave id): {ex.Message}", ex);
        }
    }

    private static SlaveInfo FromEntry(string id, SlaveFileEntry entry, TimeZoneInfo zone) => new()
    {
        Id = id,
        Host = entry.Host,
        Port = entry.Port,
        Status = SlaveStatusNames.Parse(entry.Status),
        InstallMethod = entry.InstallMethod,
        RegisteredAt = PythonTimestamp.Parse(entry.RegisteredAt, zone),
        LastSeen = PythonTimestamp.Parse(entry.LastSeen, zone),
        Commit = entry.Commit,
        VersionMismatch = entry.VersionMismatch ?? false,
        Capabilities = entry.Capabilities is null ? [] : [.. entry.Capabilities],
    };

    private static SlaveFileEntry ToEntry(SlaveInfo slave, Dictionary<string, JsonElement>? extra, TimeZoneInfo zone) => new()
    {
        Host = slave.Host,
        Port = slave.Port,
        Status = SlaveStatusNames.ToName(slave.Status),
        InstallMethod = slave.InstallMethod,
        RegisteredAt = slave.RegisteredAt is null ? null : PythonTimestamp.Format(slave.RegisteredAt, zone),
        LastSeen = PythonTimestamp.Format(slave.LastSeen, zone),
        Commit = slave.Commit,

        // The old registry writes version_mismatch only once it knows the slave's commit.
        VersionMismatch = slave.Commit is null ? null : slave.VersionMismatch,
        Capabilities = slave.Capabilities.Count == 0 ? null : [.. slave.Capabilities],
        Extra = extra,
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is harmless and is never read.
        }
    }

    private sealed record State(
        ImmutableDictionary<string, SlaveInfo> Slaves,
        ImmutableList<string> Order,
        ImmutableDictionary<string, Dictionary<string, JsonElement>> Extras);
}
