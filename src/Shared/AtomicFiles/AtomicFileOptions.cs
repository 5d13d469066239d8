namespace D8.Shared.AtomicFiles;

/// <summary>How an <see cref="AtomicFile{T}"/> waits for and checks other writers.</summary>
internal sealed record AtomicFileOptions
{
    /// <summary>The default time to wait for another writer's lock.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default age after which a temp file of the store counts as left by a crashed writer.</summary>
    public static readonly TimeSpan DefaultOrphanTempFileAge = TimeSpan.FromMinutes(1);

    /// <summary>Gets how long a write waits for another writer to release the lock file before it fails.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>Gets the age after which a temp file of this store is removed when the store starts.</summary>
    public TimeSpan OrphanTempFileAge { get; init; } = DefaultOrphanTempFileAge;

    /// <summary>
    /// Gets whether a write compares the file's bytes with the last ones seen, under the lock, even when the stamp did
    /// not change. A stamp (length, write time) cannot see a rewrite of the same length within one tick of a coarse
    /// file-system clock; comparing the bytes can, at the cost of reading the file on every write. Meant for small
    /// files (the slave registry).
    /// </summary>
    public bool CompareContentUnderLock { get; init; }
}
