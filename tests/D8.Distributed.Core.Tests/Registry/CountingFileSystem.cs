using D8.Shared.AtomicFiles;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>The real file system, counting the renames that publish a new version of a file.</summary>
internal sealed class CountingFileSystem : IFileSystem
{
    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;
    private int _replaces;

    public int Replaces => Volatile.Read(ref _replaces);

    public FileStamp? GetStamp(string path) => _real.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => _real.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => _real.ReadAllBytes(path);

    public void CreateDirectory(string path) => _real.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) => _real.EnumerateFiles(directory, searchPattern);

    public Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _real.WriteNewFileFlushedAsync(path, content, cancellationToken);

    public void Replace(string source, string destination)
    {
        _real.Replace(source, destination);
        Interlocked.Increment(ref _replaces);
    }

    public void DeleteIfExists(string path) => _real.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path) => _real.TryLockExclusive(path);
}
