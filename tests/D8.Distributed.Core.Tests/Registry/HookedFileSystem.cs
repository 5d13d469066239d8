using D8.Shared.AtomicFiles;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// The real file system with hooks for what a test cannot make the real one do on demand: pin a file's write time
/// after a rename (two writes within one tick of a coarse file-system clock), or fail the lock with an error of its
/// choice (a full or read-only disk). Counts lock attempts and directory scans.
/// </summary>
internal sealed class HookedFileSystem : IFileSystem
{
    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;
    private int _lockAttempts;
    private int _scans;

    /// <summary>Called with the destination after every rename.</summary>
    public Action<string>? AfterReplace { get; init; }

    /// <summary>Thrown by every lock attempt, instead of taking the lock.</summary>
    public Func<string, Exception>? LockFailure { get; init; }

    public int LockAttempts => Volatile.Read(ref _lockAttempts);

    /// <summary>How many times the directory was scanned for orphan temp files.</summary>
    public int Scans => Volatile.Read(ref _scans);

    /// <summary>A file system that gives every renamed file the same write time, so two writes of the same length have
    /// the same stamp, as they do when they land within one tick of the kernel's file-time clock.</summary>
    public static HookedFileSystem PinningWriteTime(DateTime writeTimeUtc) => new() { AfterReplace = path => File.SetLastWriteTimeUtc(path, writeTimeUtc) };

    public FileStamp? GetStamp(string path) => _real.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => _real.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => _real.ReadAllBytes(path);

    public void CreateDirectory(string path) => _real.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern)
    {
        Interlocked.Increment(ref _scans);
        return _real.EnumerateFiles(directory, searchPattern);
    }

    public Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _real.WriteNewFileFlushedAsync(path, content, cancellationToken);

    public void Replace(string source, string destination)
    {
        _real.Replace(source, destination);
        AfterReplace?.Invoke(destination);
    }

    public void DeleteIfExists(string path) => _real.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path)
    {
        Interlocked.Increment(ref _lockAttempts);
        return LockFailure is { } failure ? throw failure(path) : _real.TryLockExclusive(path);
    }
}
