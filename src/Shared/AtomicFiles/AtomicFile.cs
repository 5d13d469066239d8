using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace D8.Shared.AtomicFiles;

/// <summary>
/// One file that several writers (threads of this process, other processes, other tools) read and change without
/// losing each other's changes. Shared, as source, by every file-backed store.
/// </summary>
/// <remarks>
/// <para>Reads are served from memory; the file is read again only when another writer replaced it, which shows in its
/// stamp (length, write time) or in the generation of <c>&lt;file&gt;.lock</c>.</para>
/// <para>A change holds an in-process gate and, for the duration of the write only, an exclusive lock on
/// <c>&lt;file&gt;.lock</c> (<see cref="FileShare.None"/>, flock on Unix). Under the lock the file is re-read if it
/// changed, the one change is applied, and the result is written to a temp file in the same directory, flushed to disk
/// and renamed over the file, so a reader never sees half a file. Right after the rename, still under the lock, the
/// writer puts a new random generation id into the lock file.</para>
/// <para>The generation is what makes "changed" certain: a stamp cannot see a rewrite of the same length within one
/// tick of a coarse file-system clock (Linux updates write times on a clock of a few milliseconds). A reader compares
/// both with what it cached and re-reads when either differs, or when it cannot read the generation because a writer
/// holds the lock at that moment. Writers that do not take the lock (the old Python system) leave no generation: only
/// the stamp, and <see cref="AtomicFileOptions.CompareContentUnderLock"/>, see their writes.</para>
/// <para>A file that cannot be parsed is reported with its path and never overwritten: every write first needs a
/// successful read of the current content. Failures are thrown, not logged (see <see cref="AtomicFileFormat{T}"/>).</para>
/// <para>Every read or write looks, at most once per <see cref="AtomicFileOptions.OrphanTempFileCleanupInterval"/>,
/// for temp files of this store older than <see cref="AtomicFileOptions.OrphanTempFileAge"/> and removes them: what a
/// writer killed between writing its temp file and renaming it leaves behind. Both are real time (file write times are
/// on the real clock), never a possibly fake <see cref="TimeProvider"/>.</para>
/// </remarks>
/// <typeparam name="T">The parsed content, treated as immutable.</typeparam>
internal sealed class AtomicFile<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Longer lock-file content is not ours; its start is enough to notice that it changed.</summary>
    private const int MaxGenerationLength = 64;

    /// <summary>The lock file cannot be read at all (permissions): then the stamp alone decides, as before
    /// generations existed, instead of re-reading the whole file on every call.</summary>
    private const string Unreadable = "\0unreadable";

    private readonly AtomicFileFormat<T> _format;
    private readonly AtomicFileOptions _options;
    private readonly IFileSystem _fileSystem;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _undeletable = new(StringComparer.Ordinal);
    private readonly long _cleanupIntervalMilliseconds;
    private volatile Cached? _cache;
    private long _nextCleanupAt;

    public AtomicFile(string filePath, AtomicFileFormat<T> format, AtomicFileOptions options, IFileSystem fileSystem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fileSystem);
        FilePath = Path.GetFullPath(filePath);
        DirectoryPath = Path.GetDirectoryName(FilePath)!;
        FileName = Path.GetFileName(FilePath);
        LockPath = FilePath + ".lock";
        _format = format;
        _options = options;
        _fileSystem = fileSystem;
        _cleanupIntervalMilliseconds = (long)(options.OrphanTempFileCleanupInterval ?? options.OrphanTempFileAge).TotalMilliseconds;
    }

    public string FilePath { get; }

    public string DirectoryPath { get; }

    public string FileName { get; }

    public string LockPath { get; }

    /// <summary>The content last read or written by this instance, without touching the disk; null before the first.</summary>
    public T? Current => _cache?.Content;

    /// <summary>Whether the file may hold something else than <see cref="Current"/> (one stat and the lock file's
    /// generation, no read of the file).</summary>
    public bool HasChanged()
    {
        var cache = _cache;
        return cache is null || !cache.Matches(ReadGeneration(), _fileSystem.GetStamp(FilePath));
    }

    /// <summary>Returns the current content, reading the file synchronously when it changed (or was never read).</summary>
    public T Read()
    {
        RemoveOrphanTempFilesWhenDue();

        // The generation is taken before the stamp and the bytes: a writer renames first and then writes its
        // generation, so a generation read first belongs to these bytes or to older ones (then the next check reads
        // again, which is harmless); the other order could pair old bytes with the new generation and hide a change.
        var generation = ReadGeneration();
        var stamp = _fileSystem.GetStamp(FilePath);
        var cache = _cache;
        if (cache is not null && cache.Matches(generation, stamp))
        {
            return cache.Content;
        }

        var loaded = stamp is null ? new Cached(_format.Empty, null, generation, null) : Load(ReadBytes(), stamp, generation);

        // Publish only over what was seen: a writer (under the gate) may have published something newer meanwhile.
        Interlocked.CompareExchange(ref _cache, loaded, cache);
        return loaded.Content;
    }

    /// <summary>Returns the current content, reading the file when it changed (or was never read).</summary>
    public ValueTask<T> ReadAsync(CancellationToken cancellationToken)
    {
        RemoveOrphanTempFilesWhenDue();
        var cache = _cache;
        if (cache is not null && cache.Matches(ReadGeneration(), _fileSystem.GetStamp(FilePath)))
        {
            return ValueTask.FromResult(cache.Content);
        }

        return ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current content and saves the result atomically, exclusive of other
    /// writers. When <paramref name="change"/> throws, or returns its argument, nothing is written.
    /// </summary>
    /// <returns>The content as saved.</returns>
    public async ValueTask<T> UpdateAsync(Func<T, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RemoveOrphanTempFilesWhenDue();
            CreateDirectory();
            var fileLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            await using (fileLock.ConfigureAwait(false))
            {
                var current = await EnsureCurrentAsync(fileLock, cancellationToken).ConfigureAwait(false);
                var next = change(current.Content) ?? throw new InvalidOperationException("The change of the file content returned null.");
                if (ReferenceEquals(next, current.Content))
                {
                    return next;
                }

                // From here on the change is saved whatever happens to the caller: a half-done save helps nobody.
                var bytes = _format.Serialize(next);
                await WriteAsync(bytes).ConfigureAwait(false);
                var generation = WriteGeneration(fileLock);
                _cache = new Cached(next, _fileSystem.GetStamp(FilePath), generation, _options.CompareContentUnderLock ? bytes.ToArray() : null);
                return next;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask<T> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await EnsureCurrentAsync(null, cancellationToken).ConfigureAwait(false)).Content;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the cache current; <paramref name="heldLock"/> is the lock file when the caller holds it.</summary>
    private async Task<Cached> EnsureCurrentAsync(Stream? heldLock, CancellationToken cancellationToken)
    {
        // Generation, then stamp, then bytes (see Read). Under the lock the generation is read through the held lock:
        // opening the lock file again would conflict with our own lock.
        var generation = heldLock is null ? ReadGeneration() : ReadGeneration(heldLock);
        var stamp = _fileSystem.GetStamp(FilePath);
        var cache = _cache;
        var compare = heldLock is not null && _options.CompareContentUnderLock && stamp is not null;
        if (cache is not null && cache.Matches(generation, stamp) && !compare)
        {
            return cache;
        }

        if (stamp is null)
        {
            cache = new Cached(_format.Empty, null, generation, null);
        }
        else
        {
            var bytes = await ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            cache = cache?.Bytes is { } known && known.AsSpan().SequenceEqual(bytes)
                ? cache with { Stamp = stamp, Generation = generation }
                : Load(bytes, stamp, generation);
        }

        _cache = cache;
        return cache;
    }

    private Cached Load(byte[] bytes, FileStamp? stamp, string? generation)
    {
        T content;
        try
        {
            content = _format.Parse(bytes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            throw _format.CreateError(
                $"{_format.Description} '{FilePath}' is corrupt ({OneLine(ex.Message)}). It was left untouched: fix it or move it away.",
                ex);
        }

        _format.OnLoaded(content);
        return new Cached(content, stamp, generation, _options.CompareContentUnderLock ? bytes : null);
    }

    /// <summary>The lock file's generation, read without the lock; <see langword="null"/> (unknown, so the file is
    /// read again) while a writer holds it.</summary>
    private string? ReadGeneration()
    {
        try
        {
            var bytes = _fileSystem.ReadAllBytes(LockPath);
            return Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, MaxGenerationLength));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty; // Nobody wrote under the lock yet.
        }
        catch (IOException ex) when (FileLockErrors.IsHeldByAnother(ex))
        {
            return null; // A writer is at work: whatever is cached now may be outdated a moment later.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unreadable;
        }
    }

    private static string? ReadGeneration(Stream heldLock)
    {
        try
        {
            heldLock.Position = 0;
            Span<byte> buffer = stackalloc byte[MaxGenerationLength];
            var read = heldLock.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.Latin1.GetString(buffer[..read]);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Marks this write for other readers: a new random generation in the held lock file.</summary>
    /// <returns>The generation written, or <see langword="null"/> (unknown) when it could not be written.</returns>
    private static string? WriteGeneration(Stream heldLock)
    {
        var generation = Guid.NewGuid().ToString("N");
        try
        {
            // Truncating first: should the write of the new id fail (a full disk), the lock file is empty, which still
            // differs from every generation a reader cached. No fsync: generations only matter to running processes.
            heldLock.SetLength(0);
            heldLock.Write(Encoding.Latin1.GetBytes(generation));
            heldLock.Flush();
            return generation;
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException)
        {
            return null;
        }
    }

    private byte[] ReadBytes()
    {
        try
        {
            return _fileSystem.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(ex);
        }
    }

    private async Task<byte[]> ReadBytesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _fileSystem.ReadAllBytesAsync(FilePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(ex);
        }
    }

    private Exception CannotRead(Exception ex) =>
        _format.CreateError($"{_format.Description} '{FilePath}' cannot be read: {OneLine(ex.Message)}", ex);

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        var temp = Path.Combine(DirectoryPath, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await _fileSystem.WriteNewFileFlushedAsync(temp, bytes, CancellationToken.None).ConfigureAwait(false);
            _fileSystem.Replace(temp, FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw _format.CreateError(
                $"{_format.Description} '{FilePath}' could not be saved ({OneLine(ex.Message)}); its previous content is unchanged.",
                ex);
        }
    }

    private void CreateDirectory()
    {
        try
        {
            _fileSystem.CreateDirectory(DirectoryPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw _format.CreateError($"The directory '{DirectoryPath}' cannot be created: {OneLine(ex.Message)}", ex);
        }
    }

    private async Task<Stream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        // Real time on purpose: this waits for another process to finish its write, not for a scheduled moment,
        // so it must not depend on a (possibly fake) TimeProvider.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Stream? handle;
            try
            {
                handle = _fileSystem.TryLockExclusive(LockPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not "held by another": waiting would only turn this error into a misleading "locked" 10 s later.
                throw _format.CreateError($"{_format.Description} '{FilePath}' cannot be locked ('{LockPath}': {OneLine(ex.Message)}).", ex);
            }

            if (handle is not null)
            {
                return handle;
            }

            if (watch.Elapsed >= _options.LockTimeout)
            {
                throw _format.CreateError(
                    $"{_format.Description} '{FilePath}' is locked by another process ('{LockPath}' held for more than {_options.LockTimeout.TotalSeconds:0.#} s).",
                    null);
            }

            await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>At most once per cleanup interval (real time): a long-running process also removes the temp files of
    /// writers that were killed long after it started.</summary>
    private void RemoveOrphanTempFilesWhenDue()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextCleanupAt);
        if (now < due || Interlocked.CompareExchange(ref _nextCleanupAt, now + _cleanupIntervalMilliseconds, due) != due)
        {
            return;
        }

        List<string> candidates;
        try
        {
            candidates = [.. _fileSystem.EnumerateFiles(DirectoryPath, $"{FileName}.*.tmp")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // Nothing to tidy that we can see; the store itself reports what it cannot read.
        }

        // A live writer keeps its temp file for milliseconds; one this old was left by a writer that died. Write times
        // are on the real clock, so the cut-off is too.
        var cutoff = DateTime.UtcNow - _options.OrphanTempFileAge;
        foreach (var path in candidates)
        {
            try
            {
                if (_fileSystem.GetStamp(path) is { } stamp && stamp.LastWriteTimeUtc < cutoff)
                {
                    _fileSystem.DeleteIfExists(path);
                    _format.OnOrphanTempFileRemoved(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Reported once: the cleanup runs again every interval, and the file is harmless (never read).
                if (_undeletable.TryAdd(path, true))
                {
                    _format.OnTempFileNotDeleted(path, ex);
                }
            }
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
            _format.OnTempFileNotDeleted(path, ex);
        }
    }

    /// <summary>Messages end up in one-line errors and log lines.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// What was last read or written: the content, the file's stamp and the lock file's generation at that moment
    /// (<see langword="null"/>: unknown), and the bytes only with <see cref="AtomicFileOptions.CompareContentUnderLock"/>.
    /// </summary>
    private sealed record Cached(T Content, FileStamp? Stamp, string? Generation, byte[]? Bytes)
    {
        /// <summary>Whether the file is still what this cache holds, as far as a stamp and a generation can tell.</summary>
        public bool Matches(string? generation, FileStamp? stamp) =>
            Stamp == stamp && Generation is not null && string.Equals(Generation, generation, StringComparison.Ordinal);
    }
}
