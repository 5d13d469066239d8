using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The default store: <c>&lt;data dir&gt;/human_requests/requests.json</c> in the old system's format.
/// </summary>
/// <remarks>
/// <para>Reads are served from memory; the file is read again only when its length or write time changed, i.e.
/// when another process (the CLI, another host) wrote it.</para>
/// <para>Writes hold an in-process gate and, for the duration of the write only, an exclusive lock on
/// <c>requests.json.lock</c> (FileShare.None), so a long-running host and the CLI can both change requests without
/// corrupting the file or losing each other's changes: under the lock the file is re-read if it changed, the change
/// is applied, then written to a temp file in the same directory, flushed to disk and renamed over the old file.</para>
/// <para>A file that cannot be parsed is reported with its path and never overwritten: every write first needs a
/// successful read of the current content.</para>
/// </remarks>
internal sealed class JsonFileHumanRequestStore : IHumanRequestStore, IDisposable
{
    public const string FolderName = "human_requests";
    public const string FileName = "requests.json";

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _lockTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Requests are immutable, so each one's JSON can be kept until it is replaced: a write then serializes only
    // the requests that changed and copies the rest. Both fields are used under _gate only.
    private readonly ConditionalWeakTable<HumanRequest, byte[]> _serialized = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private volatile CachedContent? _cache;

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
        LockPath = FilePath + ".lock";
        _lockTimeout = options.LockTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _fileSystem = fileSystem;
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public string LockPath { get; }

    public string Location => FilePath;

    public ValueTask<HumanRequestStoreSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var cache = _cache;
        if (cache is not null && cache.Stamp == _fileSystem.GetStamp(FilePath))
        {
            return ValueTask.FromResult(cache.Snapshot);
        }

        return ReloadAsync(cancellationToken);
    }

    public async ValueTask<HumanRequestStoreSnapshot> UpdateAsync(
        Func<HumanRequestStoreSnapshot, HumanRequestStoreSnapshot> update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CreateDirectory();
            using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            var current = await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false);
            var next = update(current.Snapshot) ?? throw new InvalidOperationException("The store update returned null.");
            if (ReferenceEquals(next, current.Snapshot))
            {
                return next;
            }

            // From here on the change is saved whatever happens to the caller: a half-done save helps nobody.
            await WriteAsync(next).ConfigureAwait(false);
            _cache = new CachedContent(next, _fileSystem.GetStamp(FilePath));
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask<HumanRequestStoreSnapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false)).Snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CachedContent> EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        // The stamp is taken before reading: if the file changes in between, the next read sees a newer stamp and
        // reads again, which is harmless; the other order could hide a change.
        var stamp = _fileSystem.GetStamp(FilePath);
        var cache = _cache;
        if (cache is not null && cache.Stamp == stamp)
        {
            return cache;
        }

        if (stamp is null)
        {
            cache = new CachedContent(HumanRequestStoreSnapshot.Empty, null);
        }
        else
        {
            var snapshot = Parse(await ReadBytesAsync(cancellationToken).ConfigureAwait(false));
            cache = new CachedContent(snapshot, stamp);
            Log.StoreLoaded(_logger, FilePath, snapshot.Requests.Count, snapshot.Counter);
        }

        _cache = cache;
        return cache;
    }

    private async Task<byte[]> ReadBytesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _fileSystem.ReadAllBytesAsync(FilePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HumanRequestStoreException(
                FilePath,
                $"The human requests file '{FilePath}' cannot be read: {ex.Message}",
                ex);
        }
    }

    private HumanRequestStoreSnapshot Parse(byte[] bytes)
    {
        try
        {
            // A file saved by a Windows editor may start with a UTF-8 byte order mark, which the reader refuses.
            var json = bytes.AsSpan();
            if (json.StartsWith("\uFEFF"u8))
            {
                json = json[3..];
            }

            var file = JsonSerializer.Deserialize(json, HumanRequestsJsonContext.Default.StoredRequestFile)
                ?? throw new FormatException("the file holds 'null'");
            return StoredRequestMapper.ToSnapshot(file, _timeProvider.LocalTimeZone);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            Log.StoreCorrupt(_logger, FilePath, ex);
            throw new HumanRequestStoreException(
                FilePath,
                $"The human requests file '{FilePath}' is corrupt ({ex.Message}). It was left untouched: fix it or move it away, then start again.",
                ex);
        }
    }

    private async Task WriteAsync(HumanRequestStoreSnapshot snapshot)
    {
        var bytes = Serialize(snapshot);
        var temp = Path.Combine(DirectoryPath, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await _fileSystem.WriteNewFileFlushedAsync(temp, bytes, CancellationToken.None).ConfigureAwait(false);
            _fileSystem.Replace(temp, FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new HumanRequestStoreException(
                FilePath,
                $"The human requests file '{FilePath}' could not be saved ({ex.Message}); its previous content is unchanged.",
                ex);
        }
    }

    /// <summary>
    /// Writes the file exactly as the serializer would (same names, order, escaping and indentation) from
    /// per-request pieces kept between writes; see <see cref="_serialized"/>.
    /// </summary>
    private ReadOnlyMemory<byte> Serialize(HumanRequestStoreSnapshot snapshot)
    {
        _buffer.ResetWrittenCount();
        Append("{\n  \"counter\": "u8);
        Append(Encoding.ASCII.GetBytes(snapshot.Counter.ToString(CultureInfo.InvariantCulture)));
        Append(",\n  \"requests\": ["u8);
        var first = true;
        foreach (var request in snapshot.Requests)
        {
            Append(first ? "\n    "u8 : ",\n    "u8);
            Append(_serialized.GetValue(request, SerializeRequest));
            first = false;
        }

        Append(first ? "]"u8 : "\n  ]"u8);
        if (snapshot.ExtensionData is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                Append(",\n  \""u8);
                Append(JsonEncodedText.Encode(name).EncodedUtf8Bytes);
                Append("\": "u8);
                Append(Indent(SerializeValue(value), 2));
            }
        }

        Append("\n}"u8);
        return _buffer.WrittenMemory;
    }

    private void Append(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>One request, indented for its place in the <c>requests</c> array (two levels deep).</summary>
    private static byte[] SerializeRequest(HumanRequest request) =>
        Indent(JsonSerializer.SerializeToUtf8Bytes(StoredRequestMapper.ToStored(request), HumanRequestsJsonContext.Default.StoredRequest), 4);

    private static byte[] SerializeValue(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2 }))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Indents every line but the first. JSON strings never hold a raw line break (it is escaped), so
    /// every <c>\n</c> is a line break of the layout.</summary>
    private static byte[] Indent(byte[] json, int spaces)
    {
        var lines = json.AsSpan().Count((byte)'\n');
        if (lines == 0)
        {
            return json;
        }

        var result = new byte[json.Length + (lines * spaces)];
        var target = 0;
        foreach (var b in json)
        {
            result[target++] = b;
            if (b == (byte)'\n')
            {
                result.AsSpan(target, spaces).Fill((byte)' ');
                target += spaces;
            }
        }

        return result;
    }

    private void CreateDirectory()
    {
        try
        {
            _fileSystem.CreateDirectory(DirectoryPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HumanRequestStoreException(FilePath, $"The directory '{DirectoryPath}' cannot be created: {ex.Message}", ex);
        }
    }

    private async Task<IDisposable> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        // Real time on purpose: this waits for another process to finish its write, not for a scheduled moment,
        // so it must not depend on a (possibly fake) TimeProvider.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var handle = _fileSystem.TryLockExclusive(LockPath);
            if (handle is not null)
            {
                return handle;
            }

            if (watch.Elapsed >= _lockTimeout)
            {
                throw new HumanRequestStoreException(
                    FilePath,
                    $"The human requests file '{FilePath}' is locked by another process ('{LockPath}' held for more than {_lockTimeout.TotalSeconds:0.#} s).");
            }

            await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _fileSystem.DeleteIfExists(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.TempFileNotDeleted(_logger, path, ex);
        }
    }

    private sealed record CachedContent(HumanRequestStoreSnapshot Snapshot, FileStamp? Stamp);
}
