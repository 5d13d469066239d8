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

    /// <summary>Gets the age (by the file's real write time) after which a temp file of this store counts as left by a
    /// writer that was killed before its rename, and is removed.</summary>
    public TimeSpan OrphanTempFileAge { get; init; } = DefaultOrphanTempFileAge;

    /// <summary>
    /// Gets how often, at most, the store looks for such temp files (real time, on its next read or write): a
    /// long-running process also removes what CLI processes killed later leave behind. Defaults to
    /// <see cref="OrphanTempFileAge"/>: looking more often would only find files too young to remove.
    /// </summary>
    public TimeSpan? OrphanTempFileCleanupInterval { get; init; }

    /// <summary>
    /// Gets whether a write compares the file's bytes with the last ones seen, under the lock, even when neither the
    /// stamp nor the generation changed. That sees a same-length rewrite within one tick of a coarse file-system clock
    /// by a writer that does not take the lock (and so leaves no generation), at the cost of reading the file on every
    /// write. Meant for small files (the slave registry).
    /// </summary>
    public bool CompareContentUnderLock { get; init; }
}
