using D8.Shared.AtomicFiles;

namespace D8.HumanRequests.Tests.Support;

/// <summary>The real file system, except that the process "dies" right after the temp file was written and flushed
/// and before it is renamed over the real file: the rename never happens and nothing cleans up.</summary>
internal sealed class CrashingFileSystem : IFileSystem
{
    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;

    public bool CrashBeforeRename { get; set; }

    public string? LastTempFile { get; private set; }

    public FileStamp? GetStamp(string path) => _real.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => _real.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => _real.ReadAllBytes(path);

    public void CreateDirectory(string path) => _real.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) => _real.EnumerateFiles(directory, searchPattern);

    public async Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await _real.WriteNewFileFlushedAsync(path, content, cancellationToken);
        LastTempFile = path;
    }

    public void Replace(string source, string destination)
    {
        if (CrashBeforeRename)
        {
            // Not an IOException: the store must not get a chance to tidy up, as with a real kill.
            throw new SimulatedCrashException();
        }

        _real.Replace(source, destination);
    }

    public void DeleteIfExists(string path) => _real.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path) => _real.TryLockExclusive(path);
}
