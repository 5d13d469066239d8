using D8.Shared.AtomicFiles;

namespace D8.Reliability.Tests.Support;

/// <summary>
/// The real file system, except that while <see cref="Full"/> is set every new file fails as a full disk does
/// (ENOSPC: "No space left on device") after creating a partial file — the JSON store's file-system seam. Tests run as
/// root, and a real full volume (tmpfs mount) would need privileges and a process-wide mount; this seam reproduces the
/// error the store sees.
/// </summary>
internal sealed class FullDiskFileSystem : IFileSystem
{
    public const string NoSpace = "No space left on device";

    private readonly PhysicalFileSystem _real = PhysicalFileSystem.Instance;

    public bool Full { get; set; }

    public int FailedWrites { get; private set; }

    public FileStamp? GetStamp(string path) => _real.GetStamp(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => _real.ReadAllBytesAsync(path, cancellationToken);

    public byte[] ReadAllBytes(string path) => _real.ReadAllBytes(path);

    public void CreateDirectory(string path) => _real.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string searchPattern) => _real.EnumerateFiles(directory, searchPattern);

    public async Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (Full)
        {
            FailedWrites++;
            // Like a real full disk: the file is created and part of the content lands before the write fails.
            await _real.WriteNewFileFlushedAsync(path, content[..Math.Min(content.Length, 16)], cancellationToken);
            throw new IOException($"{NoSpace} : '{path}'");
        }

        await _real.WriteNewFileFlushedAsync(path, content, cancellationToken);
    }

    public void Replace(string source, string destination) => _real.Replace(source, destination);

    public void DeleteIfExists(string path) => _real.DeleteIfExists(path);

    public Stream? TryLockExclusive(string path) => _real.TryLockExclusive(path);
}
