namespace D8.HumanRequests;

/// <summary>
/// Persists human requests. The default is the JSON file <c>&lt;data dir&gt;/human_requests/requests.json</c> in
/// the old system's format; register another implementation before <c>AddD8HumanRequests</c> to replace it.
/// </summary>
public interface IHumanRequestStore
{
    /// <summary>Where the data lives, for messages and logs (for the JSON store, the file path).</summary>
    string Location { get; }

    /// <summary>
    /// Returns the current content. Cheap when nothing changed: the JSON store keeps what it last read or wrote and
    /// re-reads the file only when another process changed it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The current content.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read (e.g. a corrupt file).</exception>
    ValueTask<HumanRequestStoreSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="update"/> to the current content and saves the result atomically, exclusive of other
    /// writers (also in other processes). When <paramref name="update"/> throws, or returns its argument unchanged,
    /// nothing is written.
    /// </summary>
    /// <param name="update">Computes the new content from the current one.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The content as saved.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read or written.</exception>
    ValueTask<HumanRequestStoreSnapshot> UpdateAsync(
        Func<HumanRequestStoreSnapshot, HumanRequestStoreSnapshot> update,
        CancellationToken cancellationToken);
}
