using System.Diagnostics;
using System.Text.Json;

namespace D8.Shared.AtomicFiles;

/// <summary>
/// One file that several writers (threads of this process, other processes, other tools) read and change without
/// losing each other's changes. Shared, as source, by every file-backed store.
/// </summary>
/// <remarks>
/// <para>Reads are served from memory; the file is read again only when its stamp (length, write time) changed, i.e.
/// when another writer replaced it.</para>
/// <para>A change holds an in-process gate and, for the duration of the write only, an exclusive lock on
/// <c>&lt;file&gt;.lock</c> (<see cref="FileShare.None"/>, flock on Unix). Under the lock the file is re-read if it
/// changed, the one change is applied, and the result is written to a temp file in the same directory, flushed to disk
/// and renamed over the file, so a reader never sees half a file.</para>
/// <para>A file that cannot be parsed is reported with its path and never overwritten: every write first needs a
/// successful read of the current content.</para>
/// <para>The first use removes temp files of this store older than <see cref="AtomicFileOptions.OrphanTempFileAge"/>:
/// what a writer killed between writing its temp file and renaming it leaves behind.</para>
/// </remarks>
/// <typeparam name="T">The parsed content, treated as immutable.</typeparam>
internal sealed class AtomicFile<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly AtomicFileFormat<T> _format;
    private readonly AtomicFileOptions _options;
    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Cached? _cache;
    private int _cleanedUp;

    public AtomicFile(string filePath, AtomicFileFormat<T> format, AtomicFileOptions options, IFileSystem fileSystem, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(timeProvider);
        FilePath = Path.GetFullPath(filePath);
        DirectoryPath = Path.GetDirectoryName(FilePath)!;
        FileName = Path.GetFileName(FilePath);
        LockPath = FilePath + ".lock";
        _format = format;
        _options = options;
        _fileSystem = fileSystem;
        _timeProvider = timeProvider;
    }

    public string FilePath { get; }

    public string DirectoryPath { get; }

    public string FileName { get; }

    public string LockPath { get; }

    /// <summary>The content last read or written by this instance, without touching the disk; null before the first.</summary>
    public T? Current => _cache?.Content;

    /// <summary>Whether the file may hold something else than <see cref="Current"/> (one stat, no read).</summary>
    public bool HasChanged()
    {
        var cache = _cache;
        return cache is null || cache.Stamp != _fileSystem.GetStamp(FilePath);
    }

    /// <summary>Returns the current content, reading the file synchronously when it changed (or was never read).</summary>
    public T Read()
    {
        RemoveOrphanTempFilesOnce();
        var stamp = _fileSystem.GetStamp(FilePath);
        var cache = _cache;
        if (cache is not null && cache.Stamp == stamp)
        {
            return cache.Content;
        }

        var loaded = stamp is null ? new Cached(_format.Empty, null, null) : Load(ReadBytes(), stamp);

        // Publish only over what was seen: a writer (under the gate) may have published something newer meanwhile.
        Interlocked.CompareExchange(ref _cache, loaded, cache);
        return loaded.Content;
    }

    /// <summary>Returns the current content, reading the file when it changed (or was never read).</summary>
    public ValueTask<T> ReadAsync(CancellationToken cancellationToken)
    {
        var cache = _cache;
        if (cache is not null && cache.Stamp == _fileSystem.GetStamp(FilePath))
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
            RemoveOrphanTempFilesOnce();
            CreateDirectory();
            using var fileLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            var current = await EnsureCurrentAsync(underLock: true, cancellationToken).ConfigureAwait(false);
            var next = change(current.Content) ?? throw new InvalidOperationException("The change of the file content returned null.");
            if (ReferenceEquals(next, current.Content))
            {
                return next;
            }

            // From here on the change is saved whatever happens to the caller: a half-done save helps nobody.
            var bytes = _format.Serialize(next);
            await WriteAsync(bytes).ConfigureAwait(false);
            _cache = new Cached(next, _fileSystem.GetStamp(FilePath), _options.CompareContentUnderLock ? bytes.ToArray() : null);
            return next;
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
            RemoveOrphanTempFilesOnce();
            return (await EnsureCurrentAsync(underLock: false, cancellationToken).ConfigureAwait(false)).Content;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Cached> EnsureCurrentAsync(bool underLock, CancellationToken cancellationToken)
    {
        // The stamp is taken before reading: if the file changes in between, the next read sees a newer stamp and
        // reads again, which is harmless; the other order could hide a change.
        var stamp = _fileSystem.GetStamp(FilePath);
        var cache = _cache;
        var compare = underLock && _options.CompareContentUnderLock && stamp is not null;
        if (cache is not null && cache.Stamp == stamp && !compare)
        {
            return cache;
        }

        if (stamp is null)
        {
            cache = new Cached(_format.Empty, null, null);
        }
        else
        {
            var bytes = await ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            cache = cache?.Bytes is { } known && known.AsSpan().SequenceEqual(bytes)
                ? cache with { Stamp = stamp }
                : Load(bytes, stamp);
        }

        _cache = cache;
        return cache;
    }

    private Cached Load(byte[] bytes, FileStamp? stamp)
    {
        T content;
        try
        {
            content = _format.Parse(bytes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            _format.OnCorrupt(FilePath, ex);
            throw _format.CreateError(
                $"{_format.Description} '{FilePath}' is corrupt ({ex.Message}). It was left untouched: fix it or move it away, then start again.",
                ex);
        }

        _format.OnLoaded(content);
        return new Cached(content, stamp, _options.CompareContentUnderLock ? bytes : null);
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
        _format.CreateError($"{_format.Description} '{FilePath}' cannot be read: {ex.Message}", ex);

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
                $"{_format.Description} '{FilePath}' could not be saved ({ex.Message}); its previous content is unchanged.",
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
            throw _format.CreateError($"The directory '{DirectoryPath}' cannot be created: {ex.Message}", ex);
        }
    }

    private async Task<IDisposable> AcquireLockAsync(CancellationToken cancellationToken)
    {
        // Real time on purpose: this waits for another process to finish its write, not for a scheduled moment,
        // so it must not depend on a (possibly fake) TimeProvider.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            IDisposable? handle;
            try
            {
                handle = _fileSystem.TryLockExclusive(LockPath);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw _format.CreateError($"{_format.Description} '{FilePath}' cannot be locked ('{LockPath}': {ex.Message}).", ex);
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

    private void RemoveOrphanTempFilesOnce()
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0)
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

        // A live writer keeps its temp file for milliseconds; one this old was left by a writer that died.
        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - _options.OrphanTempFileAge;
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
                _format.OnTempFileNotDeleted(path, ex);
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

    /// <summary>What was last read or written; <see cref="Bytes"/> only with <see cref="AtomicFileOptions.CompareContentUnderLock"/>.</summary>
    private sealed record Cached(T Content, FileStamp? Stamp, byte[]? Bytes);
}
