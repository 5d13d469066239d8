namespace D8.Distributed.Core;

/// <summary>
/// The master's slave registry: slaves declared in configuration plus those registered at run time. The default
/// implementation persists them to <c>&lt;data&gt;/slaves/config.json</c> in the old Python format and shares that file
/// with other writers (the CLI, other tools). Register your own implementation before <c>AddD8Master()</c> to replace
/// it: the health monitor, the dispatcher and the dashboard use whichever is registered. Safe to use from several
/// threads.
/// </summary>
/// <remarks>
/// <para>Record by record: reads return immutable snapshots; every write changes one slave (or, for a health sweep,
/// one batch of slaves) and never rewrites the others from a stale copy. The file-backed registry takes the file's
/// lock, re-reads the file when another writer changed it, applies its one change and writes atomically, so no edit
/// made by another process is lost.</para>
/// <para>Slaves declared in configuration (<c>D8:Master:Slaves</c>) are always part of the registry: configuration
/// wins for their host, port and capabilities, and an edit of the file does not remove them.</para>
/// </remarks>
public interface ISlaveRegistry
{
    /// <summary>
    /// Raised after slaves were added or removed, or a slave's host or port changed, whether by this process or by
    /// another writer (picked up by <see cref="RefreshAsync"/>). Not raised for health updates. Raised on the thread
    /// that made or noticed the change, after the registry holds it; handlers must be quick and must not throw.
    /// </summary>
    event EventHandler<SlaveRegistryChangedEventArgs>? Changed;

    /// <summary>Gets every registered slave, ordered by id, from memory (no I/O once loaded).</summary>
    /// <returns>A snapshot; it does not change when the registry does.</returns>
    /// <exception cref="SlaveRegistryException">The registry cannot be loaded (for example a corrupt file).</exception>
    IReadOnlyList<SlaveInfo> GetAll();

    /// <summary>Gets one slave by id, from memory.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <returns>The slave, or <see langword="null"/> when no slave has that id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="slaveId"/> is <see langword="null"/>.</exception>
    /// <exception cref="SlaveRegistryException">The registry cannot be loaded (for example a corrupt file).</exception>
    SlaveInfo? Find(string slaveId);

    /// <summary>
    /// Adds a slave and persists it. The duplicate check sees slaves added by other writers up to this moment.
    /// </summary>
    /// <param name="registration">The slave to add.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The new slave, with status <see cref="SlaveStatus.Unknown"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The id or host is empty, or the port is out of range.</exception>
    /// <exception cref="InvalidOperationException">A slave with the same id is already registered.</exception>
    /// <exception cref="SlaveRegistryException">The registry cannot be read or written; the slave was not added.</exception>
    ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a slave and persists the removal. A slave declared in configuration loses its persisted entry and is
    /// left out by this process until it restarts.
    /// </summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns><see langword="true"/> when the slave existed and was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="slaveId"/> is <see langword="null"/>.</exception>
    /// <exception cref="SlaveRegistryException">The registry cannot be read or written; nothing was removed.</exception>
    ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default);

    /// <summary>Changes one slave; see <see cref="UpdateAsync(IReadOnlyCollection{SlaveUpdate}, CancellationToken)"/>.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="change">Computes the new snapshot from the current one; returning its argument changes nothing.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The slave before and after, or <see langword="null"/> when no slave has that id or nothing changed.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    ValueTask<SlaveChange?> UpdateAsync(string slaveId, Func<SlaveInfo, SlaveInfo> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes several slaves in one write (a health sweep writes once, not once per slave). Each change sees the
    /// slave as it is now, other writers' edits included; a slave removed meanwhile is skipped, never brought back,
    /// and slaves the batch does not name are left as they are. The id, host and port of a slave cannot be changed
    /// here (unregister and register it again to move it); fields this version does not know are kept. When the
    /// changes cannot be persisted (a full disk, the file locked too long, a corrupt file), they are still applied in
    /// this process and the failure is logged: health is measured again at the next sweep.
    /// </summary>
    /// <param name="updates">One change per slave; a slave named twice gets both, in order.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The slaves that changed, before and after, in the order of <paramref name="updates"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="updates"/> or one of its items is <see langword="null"/>.</exception>
    ValueTask<IReadOnlyList<SlaveChange>> UpdateAsync(IReadOnlyCollection<SlaveUpdate> updates, CancellationToken cancellationToken = default);

    /// <summary>
    /// Picks up what other writers changed since the last read (for the file registry: one file stat and a look at the
    /// lock file's generation, and a read only when the file changed), then raises <see cref="Changed"/> when slaves
    /// came or went. The health monitor calls it before every sweep, so edits made by other processes are applied
    /// within one health interval. Once the registry was loaded, a file that became unreadable (corrupt, say) does not
    /// fail the call: the last good content stays in use, and the file registry logs the problem once (one line), again
    /// only after the file was fixed and broke again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the registry holds the current content (or, with an unreadable file, the
    /// last good content).</returns>
    /// <exception cref="SlaveRegistryException">The registry cannot be loaded at all: there is no good content yet
    /// (a replacement registry may also throw when it cannot be read).</exception>
    ValueTask RefreshAsync(CancellationToken cancellationToken = default);
}
