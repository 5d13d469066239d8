namespace D8.Distributed.Core;

/// <summary>
/// The task store cannot be used: its file is not a database or is damaged, was written by a newer version of
/// D8.Distributed, belongs to another application, or cannot be opened or written (permissions, a full disk, a lock
/// held too long by another process). The message names the file and the cause. A file that cannot be read is never
/// overwritten: fix it or move it away.
/// </summary>
public sealed class TaskStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the store lives (for the SQLite store, the path of its database file).</param>
    /// <param name="message">What went wrong; should name <paramref name="location"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TaskStoreException(string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Gets where the store lives (for the SQLite store, the path of its database file).</summary>
    public string Location { get; }
}
