namespace D8.Distributed.Core;

/// <summary>
/// Starts and stops temporary slaves for the auto-scaler (§14): the built-in one runs <c>d8-slave</c> containers on a
/// Docker engine; a cloud one might start one VM per slave from an image. Register one with
/// <see cref="D8MasterBuilder.UseSlaveProvisioner{TProvisioner}"/> and enable <c>D8:Master:AutoScale</c>.
/// </summary>
public interface ISlaveProvisioner
{
    /// <summary>Gets a short name, used in the ids of the slaves it starts (<c>&lt;name&gt;-&lt;random&gt;</c>) and in logs.</summary>
    string Name { get; }

    /// <summary>
    /// Gets what one slave costs per hour, or <see langword="null"/> when it costs nothing. With a cost, the scaler
    /// asks for approval (<see cref="ISlaveProvisioningApprover"/>, by default a <c>payment</c> human request) before
    /// every start.
    /// </summary>
    decimal? CostPerHour { get; }

    /// <summary>Gets the currency of <see cref="CostPerHour"/> (ISO code, e.g. <c>USD</c>).</summary>
    string Currency { get; }

    /// <summary>
    /// Starts a slave and returns where it listens. The slave must run the master's commit (<see
    /// cref="SlaveProvisionRequest.Commit"/>) and accept <see cref="SlaveProvisionRequest.Token"/>; the scaler
    /// registers it and waits until it is healthy.
    /// </summary>
    /// <param name="request">What to start.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started slave.</returns>
    ValueTask<ProvisionedSlave> StartAsync(SlaveProvisionRequest request, CancellationToken cancellationToken);

    /// <summary>Stops and removes a slave this provisioner started (nothing when it is already gone).</summary>
    /// <param name="slave">The slave, as <see cref="StartAsync"/> returned it (also after a master restart).</param>
    /// <param name="cancellationToken">Cancels the stop.</param>
    /// <returns>A task that completes when the slave is gone.</returns>
    ValueTask StopAsync(ProvisionedSlave slave, CancellationToken cancellationToken);
}

/// <summary>What the auto-scaler asks a provisioner to start.</summary>
/// <param name="SlaveId">The id the slave is registered under.</param>
/// <param name="Token">The bearer token the slave must accept: its own, made for it by the scaler (kept with the per-slave tokens in <c>slaves/secrets.json</c> and removed with the slave).</param>
/// <param name="Commit">The master's commit: the slave must report it to be eligible.</param>
public sealed record SlaveProvisionRequest(string SlaveId, string Token, string? Commit)
{
    /// <summary>Prints the members with the token masked, so a logged request never shows it.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("SlaveId = ").Append(SlaveId).Append(", Token = ***, Commit = ").Append(Commit);
        return true;
    }
}

/// <summary>A slave a provisioner started.</summary>
/// <param name="SlaveId">Its registry id.</param>
/// <param name="Host">Where the master reaches it.</param>
/// <param name="Port">Its port.</param>
/// <param name="Reference">The provisioner's own handle (a container id, a VM id), kept to stop it later.</param>
public sealed record ProvisionedSlave(string SlaveId, string Host, int Port, string Reference);
