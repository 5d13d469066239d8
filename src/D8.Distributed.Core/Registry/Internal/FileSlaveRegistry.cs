using System.Collections.Immutable;
using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The registry behind <see cref="ISlaveRegistry"/>: <c>&lt;data&gt;/slaves/config.json</c> in the old Python format,
/// shared with other writers through <see cref="AtomicFile{T}"/>, plus the slaves declared in configuration.
/// </summary>
/// <remarks>
/// <para>Readers get an immutable snapshot (<see cref="State"/>) swapped under a lock: they never wait and never touch
/// the disk once loaded. Every change takes the in-process gate, then the file's lock; under it the file is re-read
/// when it changed (other writers' edits), the one change is applied to that current content, and the result is
/// written atomically. So a status write of the health monitor never brings back a slave another process removed,
/// nor drops one it added, and fields this version does not know survive.</para>
/// <para>What is not in the file (the slave's version, reported capabilities, load, last error) lives in memory, as
/// does every health measurement this process made: they overlay the file's fields for as long as the slave keeps its
/// address.</para>
/// </remarks>
internal sealed partial class FileSlaveRegistry : ISlaveRegistry, IDisposable
{
    public const string FolderName = "slaves";
    public const string FileName = "config.json";

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AtomicFile<RegistryDocument> _file;
    private readonly Dictionary<string, D8SlaveEndpointOptions> _configured;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SlaveSecretStore _secrets;
    private State? _state;

    // What this process carries on despite, logged once until the file works again (used under the gate): the file
    // cannot be read (a refresh keeps the last good copy; a good read ends it), or a sweep's health cannot be saved
    // (only a good write ends it).
    private string? _problem;
    private bool _problemEndsWithRead;

    public FileSlaveRegistry(IOptions<D8MasterOptions> options, TimeProvider timeProvider, ILogger<FileSlaveRegistry> logger)
        : this(options, timeProvider, logger, PhysicalFileSystem.Instance, new AtomicFileOptions())
    {
    }

    internal FileSlaveRegistry(IOptions<D8MasterOptions> options, TimeProvider timeProvider, ILogger<FileSlaveRegistry> logger, IFileSystem fileSystem, AtomicFileOptions fileOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(fileOptions);
        var path = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, FolderName, FileName));
        _configured = new Dictionary<string, D8SlaveEndpointOptions>(options.Value.Slaves, StringComparer.Ordinal);
        _timeProvider = timeProvider;
        _logger = logger;
        _secrets = new SlaveSecretStore(options);

        // The registry is small: comparing its bytes under the lock costs nothing and also sees an equal-length rewrite
        // by a writer that leaves no generation (one that does not lock) within one tick of a coarse file-system clock.
        _file = new AtomicFile<RegistryDocument>(
            path,
            new RegistryFileFormat(path, logger),
            fileOptions with { CompareContentUnderLock = true },
            fileSystem);
    }

    public event EventHandler<SlaveRegistryChangedEventArgs>? Changed;

    /// <summary>Gets the full path of <c>slaves/config.json</c>.</summary>
    public string FilePath => _file.FilePath;

    public IReadOnlyList<SlaveInfo> GetAll() => EnsureLoaded().Sorted;

    public SlaveInfo? Find(string slaveId)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        return EnsureLoaded().Slaves.GetValueOrDefault(slaveId);
    }

    public async ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var slave = registration.ToSlaveInfo(_timeProvider.GetUtcNow());
        var zone = _timeProvider.LocalTimeZone;
        var state = await WriteAsync(
            (document, view) =>
            {
                // The view is the file as it is now: a slave another process just added counts as a duplicate.
                if (view.Slaves.TryGetValue(slave.Id, out var existing))
                {
                    throw new InvalidOperationException($"A slave with id '{slave.Id}' is already registered ({existing.BaseAddress}); unregister it first.");
                }

                return new Edit(document.Set(slave.Id, ToEntry(slave, null, zone)), Dropped: view.Dropped.Remove(slave.Id));
            },
            cancellationToken).ConfigureAwait(false);

        if (registration.Token is not null)
        {
            try
            {
                await _secrets.SetTokenAsync(slave.Id, registration.Token, CancellationToken.None).ConfigureAwait(false);
            }
            catch (SlaveRegistryException)
            {
                // Without its token the slave would be called with the shared one: it is not registered at all.
                await UnregisterAsync(slave.Id, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        Log.SlaveRegistered(_logger, slave.Id, slave.BaseAddress);
        return state.Slaves.GetValueOrDefault(slave.Id) ?? slave;
    }

    public async ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        var removed = false;
        await WriteAsync(
            (document, view) =>
            {
                removed = view.Slaves.ContainsKey(slaveId);
                if (!removed)
                {
                    return new Edit(document);
                }

                // A slave from configuration would come back from the configuration at once; this process leaves it
                // out until it restarts (the configuration is the place to remove it for good).
                var dropped = _configured.ContainsKey(slaveId) ? view.Dropped.Add(slaveId) : view.Dropped;
                return new Edit(document.Remove(slaveId), view.Probed.Remove(slaveId), dropped);
            },
            cancellationToken).ConfigureAwait(false);

        // Also when the entry was gone already (removed by hand): a secret never outlives its slave.
        await _secrets.SetTokenAsync(slaveId, null, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            Log.SlaveUnregistered(_logger, slaveId);
        }

        return removed;
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
            ArgumentNullException.ThrowIfNull(update.SlaveId, nameof(updates));
            ArgumentNullException.ThrowIfNull(update.Change, nameof(updates));
        }

        if (updates.Count == 0)
        {
            return [];
        }

        Applied? applied = null;
        try
        {
            var state = await WriteAsync(
                (document, view) =>
                {
                    applied = Apply(document, view, updates);
                    return new Edit(applied.Document, applied.Probed);
                },
                cancellationToken).ConfigureAwait(false);
            return applied!.Changes(state);
        }
        catch (SlaveRegistryException ex) when (Volatile.Read(ref _state) is not null)
        {
            return await ApplyInMemoryAsync(updates, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default)
    {
        // Nothing loaded yet: the error is the caller's to report (a host fails to start, a command prints it).
        var previous = EnsureLoaded();
        if (ReferenceEquals(_file.Current, previous.Document) && !_file.HasChanged())
        {
            return;
        }

        SlaveRegistryChangedEventArgs? changed;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            previous = Volatile.Read(ref _state)!;
            RegistryDocument document;
            try
            {
                document = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SlaveRegistryException ex)
            {
                // A running process keeps working with the last good copy, and says so once, not at every sweep (nor
                // again when the sweep's write already reported this very problem).
                if (_problem is null || (!_problemEndsWithRead && _problem != ex.Message))
                {
                    Log.RegistryUnusable(_logger, ex.Message);
                }

                (_problem, _problemEndsWithRead) = (ex.Message, true);
                return;
            }

            if (_problem is not null && _problemEndsWithRead)
            {
                _problem = null;
                Log.RegistryUsableAgain(_logger, FilePath);
            }

            if (ReferenceEquals(document, previous.Document))
            {
                return;
            }

            var next = Compose(document, previous.Probed, previous.Dropped, previous);
            changed = Publish(previous, next);
            LogExternalChange(changed);
        }
        finally
        {
            _gate.Release();
        }

        Raise(changed);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _file.Dispose();
        _secrets.Dispose();
    }

    /// <summary>
    /// One locked read-modify-write: <paramref name="edit"/> gets the file's current content and the registry composed
    /// from it, returns the changed content; the result is written (when it differs) and published.
    /// </summary>
    private async ValueTask<State> WriteAsync(Func<RegistryDocument, State, Edit> edit, CancellationToken cancellationToken)
    {
        SlaveRegistryChangedEventArgs? changed;
        State next;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = EnsureLoaded();
            State? basis = null;
            Edit applied = default;
            var document = await _file.UpdateAsync(
                current =>
                {
                    basis = ReferenceEquals(current, previous.Document) ? previous : Compose(current, previous.Probed, previous.Dropped, previous);
                    applied = edit(current, basis);
                    return WithConfiguredSlaves(applied.Document, basis, applied.Dropped ?? basis.Dropped);
                },
                cancellationToken).ConfigureAwait(false);

            if (_problem is not null)
            {
                _problem = null;
                Log.RegistryUsableAgain(_logger, FilePath);
            }

            LogExternalChange(Diff(previous, basis!));
            next = Compose(document, applied.Probed ?? basis!.Probed, applied.Dropped ?? basis!.Dropped, basis);
            changed = Publish(previous, next);
        }
        finally
        {
            _gate.Release();
        }

        Raise(changed);
        return next;
    }

    /// <summary>The file could not be written: the health measured is still what this process must work with.</summary>
    private async ValueTask<IReadOnlyList<SlaveChange>> ApplyInMemoryAsync(IReadOnlyCollection<SlaveUpdate> updates, SlaveRegistryException error, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = Volatile.Read(ref _state)!;
            var applied = Apply(previous.Document, previous, updates);
            var next = Compose(applied.Document, applied.Probed, previous.Dropped, previous);
            lock (_lock)
            {
                _state = next;
            }

            // Once per problem: a sweep every 30 s against a full disk must not fill the log, and a file that cannot be
            // read was reported by the refresh before the sweep.
            if (_problem is null)
            {
                (_problem, _problemEndsWithRead) = (error.Message, false);
                Log.RegistryHealthNotSaved(_logger, updates.Count, error.Message);
            }

            return applied.Changes(next);
        }
        finally
        {
            _gate.Release();
        }
    }

    private State EnsureLoaded()
    {
        var state = Volatile.Read(ref _state);
        if (state is not null)
        {
            return state;
        }

        var loaded = Compose(_file.Read(), ImmutableDictionary<string, SlaveInfo>.Empty, ImmutableHashSet<string>.Empty, null);
        lock (_lock)
        {
            _state ??= loaded;
            return _state;
        }
    }

    private SlaveRegistryChangedEventArgs? Publish(State previous, State next)
    {
        lock (_lock)
        {
            _state = next;
        }

        return Diff(previous, next);
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
#pragma warning disable CA1031 // A broken subscriber must not fail the write that already happened, nor starve the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RegistryChangeHandlerFailed(_logger, ex);
            }
        }
    }

    private void LogExternalChange(SlaveRegistryChangedEventArgs? change)
    {
        if (change is not null)
        {
            Log.RegistryChangedOnDisk(_logger, FilePath, string.Join(", ", change.Added), string.Join(", ", change.Removed), string.Join(", ", change.Moved));
        }
    }

    private static SlaveRegistryChangedEventArgs? Diff(State previous, State next)
    {
        if (ReferenceEquals(previous, next))
        {
            return null;
        }

        var added = next.Slaves.Keys.Where(id => !previous.Slaves.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var removed = previous.Slaves.Keys.Where(id => !next.Slaves.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var moved = next.Slaves.Values
            .Where(slave => previous.Slaves.TryGetValue(slave.Id, out var before) && !SameAddress(before, slave))
            .Select(slave => slave.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        return added.Count + removed.Count + moved.Count == 0 ? null : new SlaveRegistryChangedEventArgs(added, removed, moved);
    }

    private static bool SameAddress(SlaveInfo a, SlaveInfo b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>What one change does to the file content and to this process's measurements.</summary>
    private readonly record struct Edit(
        RegistryDocument Document,
        ImmutableDictionary<string, SlaveInfo>? Probed = null,
        ImmutableHashSet<string>? Dropped = null);

    /// <summary>
    /// One immutable view of the registry: the file content it was composed from, the slaves (configuration included,
    /// this process's measurements overlaid), the measurements themselves and the configured slaves unregistered here.
    /// </summary>
    private sealed record State(
        RegistryDocument Document,
        ImmutableDictionary<string, SlaveInfo> Slaves,
        IReadOnlyList<SlaveInfo> Sorted,
        ImmutableDictionary<string, SlaveInfo> Probed,
        ImmutableHashSet<string> Dropped);
}
