
namespace D8.Distributed.Core;

/// <summary>
/// Checks slaves on demand (the hosted monitor also calls it every <c>HealthCheckInterval</c>): health, version sync and
/// status transitions with their events.
/// </summary>
public interface ISlaveHealthMonitor
{
    /// <summary>
    /// Picks up other writers' edits of the registry, then checks every registered slave concurrently, each bounded by
    /// the per-check timeout, and records all results in one registry update.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The slaves after the sweep, ordered by id.</returns>
    /// <exception cref="SlaveRegistryException">The registry cannot be read.</exception>
    Task<IReadOnlyList<SlaveInfo>> CheckAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Picks up other writers' edits of the registry, then checks one slave, bounded by the per-check timeout.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The slave after the check.</returns>
    /// <exception cref="KeyNotFoundException">No slave has that id.</exception>
    /// <exception cref="SlaveRegistryException">The registry cannot be read.</exception>
    Task<SlaveInfo> CheckAsync(string slaveId, CancellationToken cancellationToken = default);
}
