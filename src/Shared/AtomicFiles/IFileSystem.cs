namespace D8.Shared.AtomicFiles;

/// <summary>
/// The file operations of <see cref="AtomicFile{T}"/>: a seam so tests can inject faults (for example a crash between
/// writing the temp file and renaming it over the real one, or a full disk).
/// </summary>
internal interface IFileSystem
{
    /// <summary>The file's stamp, or <see langword="null"/> when it does not exist.</summary>
    FileStamp? GetStamp(string path);

    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken);

    /// <summary>Reads a whole file synchronously (a store's first load from a synchronous getter, the lock file's
    /// generation).</summary>
    byte[] ReadAllBytes(string path);

    void CreateDirectory(string path);

    /// <summary>The files of <paramref name="directory"/> matching <paramref name="searchPattern"/>; none when the
    /// directory does not exist.</summary>
    IEnumerable<string> EnumerateFiles(string directory, string searchPattern);

    /// <summary>Creates <paramref name="path"/> (which must not exist), writes <paramref name="content"/> and flushes
    /// it to the disk before returning.</summary>
    Task WriteNewFileFlushedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> (atomic on the same volume).</summary>
    void Replace(string source, string destination);

    void DeleteIfExists(string path);

    /// <summary>
    /// Opens (or creates) <paramref name="path"/> exclusively, for reading and writing (no sharing, also across
    /// processes); disposing the stream releases the lock.
    /// </summary>
    /// <returns>The open lock file, or <see langword="null"/> when another holder has it.</returns>
    /// <exception cref="IOException">Anything else than "held by another" (a full or read-only disk, an I/O error, a
    /// missing directory): waiting would not help.</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file may not be opened.</exception>
    Stream? TryLockExclusive(string path);
}
