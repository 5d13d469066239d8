using D8.Distributed.Core.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace D8.Distributed.Core;

/// <summary>
/// Returned by <c>AddD8Master()</c>: chooses the master's stores (the task store defaults to SQLite in the data
/// directory). Each <c>Use…</c> call replaces the store chosen before, whatever the order of the <c>AddD8Master</c> calls.
/// </summary>
public sealed class D8MasterBuilder
{
    internal D8MasterBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection the master is added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Keeps tasks in a SQLite database (the default): WAL journal, every call durable when it returns, the schema
    /// created and migrated on first use. The file's directory is created when missing.
    /// </summary>
    /// <param name="path">
    /// The database file; a relative path is under <see cref="D8MasterOptions.DataDirectory"/>.
    /// <see langword="null"/> for <see cref="D8TaskQueueOptions.SqlitePath"/> (<c>D8:Master:Queue:SqlitePath</c>,
    /// default <c>tasks.db</c>).
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    public D8MasterBuilder UseSqliteTaskStore(string? path = null)
    {
        if (path is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
        }

        return UseTaskStore(sp => SqliteTaskStore.Create(sp, path));
    }

    /// <summary>
    /// Keeps tasks in memory only, bounded by the queue's options: for tests and throwaway hosts (a restart forgets
    /// every task).
    /// </summary>
    /// <returns>The same builder.</returns>
    public D8MasterBuilder UseInMemoryTaskStore() => UseTaskStore(static _ => new InMemoryTaskStore());

    /// <summary>Uses a task store of the given type, created once by the container.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>The same builder.</returns>
    public D8MasterBuilder UseTaskStore<TStore>()
        where TStore : class, ITaskStore
    {
        Services.RemoveAll<ITaskStore>();
        Services.AddSingleton<ITaskStore, TStore>();
        return this;
    }

    /// <summary>Uses the task store the factory creates (once).</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public D8MasterBuilder UseTaskStore(Func<IServiceProvider, ITaskStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<ITaskStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Replaces the leadership seam (default: a single master, always the leader) — for example with a leader lease
    /// shared by several masters. Only the leader runs the health monitor, the dispatch loop, the Telegram poller and
    /// the notification outbox.
    /// </summary>
    /// <typeparam name="TLeadership">The implementation, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseLeadership<TLeadership>()
        where TLeadership : class, ID8Leadership
    {
        Services.RemoveAll<ID8Leadership>();
        Services.AddSingleton<ID8Leadership, TLeadership>();
        return this;
    }

    /// <summary>Replaces the leadership seam with the instance <paramref name="factory"/> returns (see <see cref="UseLeadership{TLeadership}"/>).</summary>
    /// <param name="factory">Creates the implementation, once.</param>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseLeadership(Func<IServiceProvider, ID8Leadership> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<ID8Leadership>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Sets the provisioner the auto-scaler starts extra slaves with (§14; enable it with
    /// <c>D8:Master:AutoScale:Enabled</c>).
    /// </summary>
    /// <typeparam name="TProvisioner">The provisioner, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseSlaveProvisioner<TProvisioner>()
        where TProvisioner : class, ISlaveProvisioner
    {
        Services.RemoveAll<ISlaveProvisioner>();
        Services.AddSingleton<ISlaveProvisioner, TProvisioner>();
        return this;
    }

    /// <summary>
    /// Sets the auto-scaler's provisioner to the built-in Docker one: extra slaves are containers of
    /// <c>D8:Master:AutoScale:Docker:Image</c> (a d8-slave image) on the local Docker engine, removed when idle
    /// (<see cref="D8DockerProvisionerOptions"/>).
    /// </summary>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseDockerSlaveProvisioner() => UseSlaveProvisioner<DockerSlaveProvisioner>();

    /// <summary>Sets the provisioner the auto-scaler uses to the one <paramref name="factory"/> returns.</summary>
    /// <param name="factory">Creates the provisioner, once.</param>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseSlaveProvisioner(Func<IServiceProvider, ISlaveProvisioner> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<ISlaveProvisioner>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Sets who approves starting a slave that costs money (<see cref="ISlaveProvisioner.CostPerHour"/>); without one,
    /// such a provisioner never starts anything. <c>d8-master run</c> registers a payment human request approver.
    /// </summary>
    /// <typeparam name="TApprover">The approver, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseProvisioningApprover<TApprover>()
        where TApprover : class, ISlaveProvisioningApprover
    {
        Services.RemoveAll<ISlaveProvisioningApprover>();
        Services.AddSingleton<ISlaveProvisioningApprover, TApprover>();
        return this;
    }

    /// <summary>
    /// Sets who approves starting a slave that costs money (<see cref="ISlaveProvisioner.CostPerHour"/>) to a delegate;
    /// without an approver, such a provisioner never starts anything.
    /// </summary>
    /// <param name="approve">Decides on a proposal; may wait (for a person) as long as it needs.</param>
    /// <returns>This builder.</returns>
    public D8MasterBuilder UseProvisioningApproval(Func<SlaveProvisioningProposal, CancellationToken, ValueTask<bool>> approve)
    {
        ArgumentNullException.ThrowIfNull(approve);
        Services.RemoveAll<ISlaveProvisioningApprover>();
        Services.AddSingleton<ISlaveProvisioningApprover>(new DelegateProvisioningApprover(approve));
        return this;
    }
}
