namespace D8.HumanRequests;

/// <summary>
/// What a store offers besides <see cref="IHumanRequestStore"/> so its whole content can be copied to another store
/// (<c>d8-master store import</c> / <c>store export</c>): the JSON file store and the PostgreSQL store implement it.
/// </summary>
public interface IHumanRequestStoreTransfer
{
    /// <summary>
    /// Replaces everything the store holds with <paramref name="requests"/> (kept in this order, which becomes the
    /// creation order) and sets the counter to <paramref name="counter"/>, in one atomic step.
    /// </summary>
    /// <param name="counter">The last id number handed out; ids up to it are never handed out again.</param>
    /// <param name="requests">The requests, with their ids, history and notification state.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>A task that completes when the new content is stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="counter"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two requests have the same id.</exception>
    /// <exception cref="HumanRequestStoreException">The data cannot be written.</exception>
    ValueTask ReplaceAllAsync(int counter, IReadOnlyList<HumanRequest> requests, CancellationToken cancellationToken);
}
