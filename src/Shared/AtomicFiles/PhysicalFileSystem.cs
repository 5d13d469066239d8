namespace D8.Shared.AtomicFiles;

/// <summary>The real file system.</summary>
internal sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public FileStamp? GetStamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
    }

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, searchPattern) : [];

    public async Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
            PreallocationSize = content.Length,
        });
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);

            // Flush(true) reaches the disk (fsync): the rename must never publish a file whose bytes are not there yet.
            stream.Flush(flushToDisk: true);
        }
    }

    public void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    public Stream? TryLockExclusive(string path)
    {
        try
        {
            // FileShare.None is enforced across processes on Windows and, through flock(), by .NET on Unix; another
            // tool that takes flock(LOCK_EX) on the same lock file (Python's fcntl.flock) excludes us and we exclude it.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (FileLockErrors.IsHeldByAnother(ex))
        {
            // Only this means "wait and try again". A full or read-only disk, an I/O error or a missing directory
            // would fail the same way for the whole lock timeout: the caller reports it at once.
            return null;
        }
    }
}
