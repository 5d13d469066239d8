namespace D8.HumanRequests;

/// <summary>
/// Whether this process runs the human requests' background work: the notification outbox and the timers
/// (postponements falling due). With several masters on one shared store only the leader does (§11), so a
/// notification is never sent twice; every process still creates, decides and waits. The default: this process
/// always does. The PostgreSQL package registers its leader lease here; a custom multi-master leadership must be
/// registered here too.
/// </summary>
public interface IHumanRequestsLeadership
{
    /// <summary>
    /// Waits until this process should run the background work and returns a token cancelled when it should stop
    /// (<see cref="CancellationToken.None"/> when it never has to).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the host is stopping).</param>
    /// <returns>A token cancelled when this term ends.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken);
}
