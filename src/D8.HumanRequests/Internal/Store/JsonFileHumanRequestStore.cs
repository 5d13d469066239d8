using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The default store: <c>&lt;data dir&gt;/human_requests/requests.json</c> in the old system's format.
/// </summary>
/// <remarks>
/// <para>The file discipline is the shared <see cref="AtomicFile{T}"/>: reads are served from memory and the file is
/// read again only when its length or write time changed, i.e. when another process (the CLI, another host) wrote
/// it.</para>
/// <para>Writes hold an in-process gate and, for the duration of the write only, an exclusive lock on
/// <c>requests.json.lock</c> (FileShare.None), so a long-running host and the CLI can both change requests without
/// corrupting the file or losing each other's changes: under the lock the file is re-read if it changed, the change
/// is applied to the one request, then the file is written to a temp file in the same directory, flushed to disk and
/// renamed over the old file.</para>
/// <para>A file that cannot be parsed is reported with its path and never overwritten: every write first needs a
/// successful read of the current content.</para>
/// <para>The change signal fires when this instance sees a new content (its own writes, or a read that found the file
/// changed); while a token is watched the file is looked at every <see cref="D8HumanRequestsOptions.PollInterval"/>.</para>
/// </remarks>
internal sealed partial class JsonFileHumanRequestStore : IHumanRequestStore, IHumanRequestStoreTransfer, IDisposable
{
    public const string FolderName = "human_requests";
    public const string FileName = "requests.json";

    private readonly AtomicFile<HumanRequestStoreSnapshot> _file;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pollInterval;
    private readonly Lock _changeLock = new();
    private CancellationTokenSource _changed = new();
    private HumanRequestStoreSnapshot? _lastSeen;
    private ITimer? _pollTimer;
    private int _polling;

    public JsonFileHumanRequestStore(
        D8HumanRequestsOptions options,
        TimeProvider timeProvider,
        ILogger<JsonFileHumanRequestStore> logger,
        IFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(fileSystem);
        DirectoryPath = Path.GetFullPath(Path.Combine(options.DataDirectory, FolderName));
        FilePath = Path.Combine(DirectoryPath, FileName);
        _timeProvider = timeProvider;
        _pollInterval = options.PollInterval;
        _file = new AtomicFile<HumanRequestStoreSnapshot>(
            FilePath,
            new RequestsFileFormat(FilePath, timeProvider, logger),
            new AtomicFileOptions { LockTimeout = options.LockTimeout },
            fileSystem);
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public string LockPath => _file.LockPath;

    public string Location => FilePath;

    public async ValueTask<int> GetCounterAsync(CancellationToken cancellationToken) =>
        (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Counter;

    public async ValueTask<HumanRequest> CreateAsync(Func<string, HumanRequest> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        HumanRequest? created = null;
        await UpdateSnapshotAsync(
            current =>
            {
                var number = current.Counter + 1;
                while (current.Find(HumanRequestIds.Format(number)) is not null)
                {
                    number++; // a hand-edited counter must never make us reuse an id
                }

                var id = HumanRequestIds.Format(number);
                created = create(id) ?? throw new InvalidOperationException("The create callback returned null.");
                if (!string.Equals(created.Id, id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The create callback returned id '{created.Id}' instead of '{id}'.");
                }

                return current.WithCounter(number).WithRequest(created);
            },
            cancellationToken).ConfigureAwait(false);
        return created!;
    }

    public async ValueTask<HumanRequest?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Find(requestId);
    }

    public async ValueTask<IReadOnlyList<HumanRequest>> QueryAsync(HumanRequestFilter? filter, CancellationToken cancellationToken)
    {
        var snapshot = await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return filter is null ? [.. snapshot.Requests] : [.. snapshot.Requests.Where(filter.Matches)];
    }

    public async ValueTask<HumanRequest?> UpdateAsync(string requestId, Func<HumanRequest, HumanRequest> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(update);
        HumanRequest? result = null;
        await UpdateSnapshotAsync(
            current =>
            {
                if (current.Find(requestId) is not { } request)
                {
                    result = null;
                    return current;
                }

                result = update(request) ?? throw new InvalidOperationException("The update callback returned null.");
                if (ReferenceEquals(result, request))
                {
                    return current;
                }

                if (!string.Equals(result.Id, request.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The update callback changed the id '{request.Id}' to '{result.Id}'.");
                }

                return current.WithRequest(result);
            },
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<IReadOnlyList<HumanRequest>> GetUndeliveredNotificationsAsync(CancellationToken cancellationToken) =>
        [.. (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Requests.Where(r => r.Notification is { Notified: false })];

    public async ValueTask<IReadOnlyList<HumanRequest>> GetPostponedAsync(CancellationToken cancellationToken) =>
        [.. (await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Requests
            .Where(r => r.Status == HumanRequestStatus.Postponed)
            .OrderBy(r => r.PostponedUntil ?? DateTimeOffset.MinValue)];

    public async ValueTask<HumanRequestBudget> GetBudgetAsync(TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return HumanRequestBudgets.Compute((await ReadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Requests, timeZone);
    }

    public async ValueTask ReplaceAllAsync(int counter, IReadOnlyList<HumanRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentNullException.ThrowIfNull(requests);
        var replacement = new HumanRequestStoreSnapshot(counter, requests);

        // The owner alerts are not part of a transfer: the target keeps its own outbox.
        await UpdateSnapshotAsync(current => replacement.WithAlerts(current.Alerts), cancellationToken).ConfigureAwait(false);
    }

    public IChangeToken WatchChanges()
    {
        IChangeToken token;
        lock (_changeLock)
        {
            token = new CancellationChangeToken(_changed.Token);
            _pollTimer ??= _timeProvider.CreateTimer(static state => ((JsonFileHumanRequestStore)state!).Poll(), this, _pollInterval, _pollInterval);
        }

        return token;
    }

    /// <summary>The whole content, re-read when another process changed the file.</summary>
    internal async ValueTask<HumanRequestStoreSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken) =>
        Seen(await _file.ReadAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Applies a change to the whole content and saves it atomically (nothing written when unchanged).</summary>
    internal async ValueTask<HumanRequestStoreSnapshot> UpdateSnapshotAsync(
        Func<HumanRequestStoreSnapshot, HumanRequestStoreSnapshot> update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Seen(await _file.UpdateAsync(current => update(current) ?? throw new InvalidOperationException("The store update returned null."), cancellationToken).ConfigureAwait(false));
    }

    public void Dispose()
    {
        lock (_changeLock)
        {
            _pollTimer?.Dispose();
            _pollTimer = null;
        }

        _file.Dispose();
    }

    /// <summary>Fires the change token when <paramref name="snapshot"/> is not what this instance saw last.</summary>
    private HumanRequestStoreSnapshot Seen(HumanRequestStoreSnapshot snapshot)
    {
        CancellationTokenSource? fire = null;
        lock (_changeLock)
        {
            if (!ReferenceEquals(snapshot, _lastSeen))
            {
                var first = _lastSeen is null;
                _lastSeen = snapshot;
                if (!first)
                {
                    fire = _changed;
                    _changed = new CancellationTokenSource();
                }
            }
        }

        if (fire is not null)
        {
            fire.Cancel();
            fire.Dispose();
        }

        return snapshot;
    }

    private void Poll()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        try
        {
            if (_file.HasChanged())
            {
                Seen(_file.Read());
            }
        }
        catch (HumanRequestStoreException)
        {
            // A corrupt or unreadable file is reported by the background pass; the signal only looks.
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }
}
