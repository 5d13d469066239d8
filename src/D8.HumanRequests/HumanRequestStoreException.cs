namespace D8.HumanRequests;

/// <summary>
/// The requests file cannot be read or written (corrupt, unreadable, locked). The message names the file. A file
/// that cannot be read is never overwritten: fix it or move it away, then start again.
/// </summary>
public sealed class HumanRequestStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file concerned.</param>
    /// <param name="message">What went wrong; should name <paramref name="filePath"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public HumanRequestStoreException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }
}
