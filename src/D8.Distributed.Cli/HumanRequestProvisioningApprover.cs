using System.Globalization;
using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Distributed.Cli;

/// <summary>
/// Approves starting a slave that costs money (§14) through a <c>payment</c> human request, and waits for the owner's
/// decision: Telegram, the dashboard or the CLI decide it, and the auto-approval rules and budgets of §13 apply to it
/// as to any payment. <c>d8-master run</c> registers it with
/// <c>AddD8Master().UseProvisioningApprover&lt;HumanRequestProvisioningApprover&gt;()</c>.
/// </summary>
/// <param name="requests">The human requests.</param>
public sealed class HumanRequestProvisioningApprover(IHumanRequestManager requests) : ISlaveProvisioningApprover
{
    /// <summary>The <see cref="HumanRequest.CreatedBy"/> of the requests it creates.</summary>
    public const string Creator = "autoscaler";

    /// <inheritdoc/>
    public async ValueTask<bool> ApproveAsync(SlaveProvisioningProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var cost = proposal.CostPerHour.ToString("0.00", CultureInfo.InvariantCulture);
        var request = await requests.CreateAsync(
            new NewHumanRequest
            {
                Type = HumanRequestType.Payment,
                Title = $"Arrancar 1 esclavo extra ({proposal.Provisioner}) por unos {cost} {proposal.Currency}/h",
                Description = $"El auto-escalado quiere arrancar el esclavo {proposal.SlaveId}: {proposal.Reason}. Se retira solo cuando queda inactivo.",
                EstimatedCost = proposal.CostPerHour,
                CreatedBy = Creator,
            },
            cancellationToken).ConfigureAwait(false);
        var decided = await requests.WaitForDecisionAsync(request.Id, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return decided.Status is HumanRequestStatus.Approved or HumanRequestStatus.Completed;
    }
}
