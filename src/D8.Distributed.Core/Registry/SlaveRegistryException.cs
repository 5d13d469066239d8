namespace D8.Distributed.Core;

/// <summary>
/// The registry cannot be read or written: a corrupt or unreadable <c>slaves/config.json</c>, a lock held by another
/// process for too long, a full disk. The message names the file. A file that cannot be read is never overwritten:
/// fix it or move it away.
/// </summary>
public sealed class SlaveRegistryException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the registry lives (for the file registry, the path of <c>slaves/config.json</c>).</param>
    /// <param name="message">What went wrong; should name <paramref name="location"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SlaveRegistryException(string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Gets where the registry lives (for the file registry, the path of <c>slaves/config.json</c>).</summary>
    public string Location { get; }
}
