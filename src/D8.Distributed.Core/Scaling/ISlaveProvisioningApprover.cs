namespace D8.Distributed.Core;

/// <summary>
/// Approves starting a slave that costs money (§14, §13). <c>d8-master run</c> uses a <c>payment</c> human request
/// and waits for the owner's decision; without an approver a provisioner with a cost never starts anything.
/// </summary>
public interface ISlaveProvisioningApprover
{
    /// <summary>Waits for the decision on starting one more slave.</summary>
    /// <param name="proposal">What would be started and what it costs.</param>
    /// <param name="cancellationToken">Stops waiting (the scaler stops or loses leadership).</param>
    /// <returns><see langword="true"/> when approved.</returns>
    ValueTask<bool> ApproveAsync(SlaveProvisioningProposal proposal, CancellationToken cancellationToken);
}

/// <summary>A proposal to start one more slave.</summary>
/// <param name="SlaveId">The id it would get.</param>
/// <param name="Provisioner">The provisioner's name.</param>
/// <param name="CostPerHour">What it costs per hour.</param>
/// <param name="Currency">The currency of <paramref name="CostPerHour"/>.</param>
/// <param name="Reason">Why (for the owner): the queue wait that triggered it.</param>
public sealed record SlaveProvisioningProposal(string SlaveId, string Provisioner, decimal CostPerHour, string Currency, string Reason);
