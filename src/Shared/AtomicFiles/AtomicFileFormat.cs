namespace D8.Shared.AtomicFiles;

/// <summary>
/// What one store tells <see cref="AtomicFile{T}"/> about its file: how to read and write the content, how to report
/// a failure (the store's own exception type) and what to log (the store's own log messages and event ids).
/// </summary>
/// <remarks>
/// A failure to read or write the file is thrown, never also logged here: whoever catches it either reports it (a
/// one-shot command prints it, a host fails to start) or carries on and logs it once (see <see cref="ProblemLatch"/>).
/// </remarks>
/// <typeparam name="T">The parsed content, treated as immutable: a change returns a new instance.</typeparam>
internal abstract class AtomicFileFormat<T>
    where T : class
{
    /// <summary>Names the file in messages, capitalised, for example "The slave registry".</summary>
    public abstract string Description { get; }

    /// <summary>The content of a file that does not exist yet.</summary>
    public abstract T Empty { get; }

    /// <summary>Parses the file. Throws <see cref="FormatException"/> (or a JSON, argument or not-supported
    /// exception) for content that is not valid; the file is then reported corrupt and never overwritten.</summary>
    public abstract T Parse(ReadOnlySpan<byte> bytes);

    /// <summary>Serialises the content. Called under the file's write gate, so a store may reuse buffers here.</summary>
    public abstract ReadOnlyMemory<byte> Serialize(T content);

    /// <summary>Creates the store's exception for a failure; <paramref name="message"/> names the file.</summary>
    public abstract Exception CreateError(string message, Exception? innerException);

    /// <summary>Called after the file was read and parsed (not after the store's own writes).</summary>
    public virtual void OnLoaded(T content)
    {
    }

    /// <summary>Called when a temp file left by a crashed writer was removed.</summary>
    public virtual void OnOrphanTempFileRemoved(string path)
    {
    }

    /// <summary>Called when a temp file could not be deleted (it is harmless: it is never read).</summary>
    public virtual void OnTempFileNotDeleted(string path, Exception exception)
    {
    }
}
