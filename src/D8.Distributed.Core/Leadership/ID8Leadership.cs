namespace D8.Distributed.Core;

/// <summary>
/// The leadership seam of several masters (§11): only the leader runs the health monitor, the dispatch loop, the
/// Telegram poller and the notification outbox; followers serve the API and the dashboard. A single master (the
/// default, <see cref="D8LeadershipRole.Standalone"/>) is always the leader. A multi-master store (for example the
/// PostgreSQL package's leader lease) replaces it with <see cref="D8MasterBuilder.UseLeadership{TLeadership}"/>.
/// </summary>
public interface ID8Leadership
{
    /// <summary>Gets this master's role now.</summary>
    D8LeadershipRole Role { get; }

    /// <summary>Occurs after <see cref="Role"/> changed (on a thread of the implementation's choosing).</summary>
    event EventHandler? RoleChanged;

    /// <summary>
    /// Waits until this master is the leader and returns a token that is cancelled when it stops being the leader
    /// (lease lost, database connection gone, shutdown). Leader-only work runs under that token and stops with it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the host is stopping).</param>
    /// <returns>A token cancelled when this term of leadership ends; <see cref="CancellationToken.None"/> when it never ends.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken);
}
