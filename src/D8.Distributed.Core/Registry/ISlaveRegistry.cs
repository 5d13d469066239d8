namespace D8.Distributed.Core;

/// <summary>
/// The master's slave registry: slaves from configuration plus those registered at run time, persisted to
/// <c>&lt;data&gt;/slaves/config.json</c> in the old Python format. Safe to use from several threads.
/// </summary>
public interface ISlaveRegistry
{
    /// <summary>Gets every registered slave, ordered by id.</summary>
    /// <returns>A snapshot; it does not change when the registry does.</returns>
    IReadOnlyList<SlaveInfo> GetAll();

    /// <summary>Gets one slave by id.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <returns>The slave, or <see langword="null"/> when no slave has that id.</returns>
    SlaveInfo? Find(string slaveId);

    /// <summary>Adds a slave and persists the registry.</summary>
    /// <param name="registration">The slave to add.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new slave, with status <see cref="SlaveStatus.Unknown"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The id or host is empty, or the port is out of range.</exception>
    /// <exception cref="InvalidOperationException">A slave with the same id is already registered.</exception>
    ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Removes a slave and persists the registry.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the slave existed and was removed.</returns>
    ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default);
}
