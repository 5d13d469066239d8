namespace D8.Distributed.Core.Internal;

/// <summary>An approver that asks a delegate (<see cref="D8MasterBuilder.UseProvisioningApproval"/>).</summary>
internal sealed class DelegateProvisioningApprover(Func<SlaveProvisioningProposal, CancellationToken, ValueTask<bool>> approve) : ISlaveProvisioningApprover
{
    public ValueTask<bool> ApproveAsync(SlaveProvisioningProposal proposal, CancellationToken cancellationToken) => approve(proposal, cancellationToken);
}
