using D8.Shared.AtomicFiles;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The real file system, except that new files are created readable and writable by their owner only (0600) from the
/// first byte on Unix: a secrets file must never exist, not even as a temp file for a moment, with wider rights.
/// </summary>
internal sealed class OwnerOnlyFileSystem : IFileSystem
{
    public static OwnerOnlyFileSystem Instance { get; } = new();

    private static PhysicalFileSystem Physical => PhysicalFileSystem.Instance;

    public FileStamp? GetStamp(string path) => Physical.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => Physical.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => Physical.ReadAllBytes(path);

    public void CreateDirectory(string path) => Physical.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) => Physical.EnumerateFiles(directory, searchPattern);

    public async Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    public void Replace(string source, string destination) => Physical.Replace(source, destination);

    public void DeleteIfExists(string path) => Physical.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path) => Physical.TryLockExclusive(path);
}
