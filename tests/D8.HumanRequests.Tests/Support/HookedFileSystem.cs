using D8.Shared.AtomicFiles;

namespace D8.HumanRequests.Tests.Support;

/// <summary>
/// The real file system with what a test cannot make the real one do on demand: give every renamed file the same
/// write time (two writes within one tick of a coarse file-system clock), and count the reads of one file (one per
/// background pass over a file that changed).
/// </summary>
internal sealed class HookedFileSystem : IFileSystem
{
    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;
    private int _reads;

    /// <summary>The write time every renamed file gets, or null to leave it alone.</summary>
    public DateTime? PinnedWriteTimeUtc { get; init; }

    /// <summary>The file whose asynchronous reads <see cref="Reads"/> counts.</summary>
    public string? CountReadsOf { get; init; }

    public int Reads => Volatile.Read(ref _reads);

    public FileStamp? GetStamp(string path) => _real.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        if (string.Equals(path, CountReadsOf, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _reads);
        }

        return _real.ReadAllBytesAsync(path, cancellationToken);
    }

    public byte[] ReadAllBytes(string path) => _real.ReadAllBytes(path);

    public void CreateDirectory(string path) => _real.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) => _real.EnumerateFiles(directory, searchPattern);

    public Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _real.WriteNewFileFlushedAsync(path, content, cancellationToken);

    public void Replace(string source, string destination)
    {
        _real.Replace(source, destination);
        if (PinnedWriteTimeUtc is { } pinned)
        {
            File.SetLastWriteTimeUtc(destination, pinned);
        }
    }

    public void DeleteIfExists(string path) => _real.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path) => _real.TryLockExclusive(path);
}
