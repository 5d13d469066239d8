using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Tests.Cli;

/// <summary>The auto-scaler's approval through a payment human request (§14, §13), on the real manager and JSON store.</summary>
public sealed class HumanRequestProvisioningApproverTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-approver");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApproveAsync_CreatesAPaymentRequest_AndReturnsTheOwnersDecision(bool approve)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8HumanRequests(options => options.DataDirectory = _data.Path);
        await using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<IHumanRequestManager>();
        var approver = new HumanRequestProvisioningApprover(requests);

        var decision = approver.ApproveAsync(new SlaveProvisioningProposal("docker-1a2b3c4d", "docker", 0.12m, "USD", "20 task(s) queued, the oldest waiting 45 s"), CancellationToken.None);
        await Poll.UntilAsync(async () => (await requests.ListAsync(new HumanRequestFilter())).Count == 1, "the payment request");
        var request = Assert.Single(await requests.ListAsync(new HumanRequestFilter()));

        Assert.False(decision.IsCompleted);
        Assert.Equal(HumanRequestType.Payment, request.Type);
        Assert.Equal(0.12m, request.EstimatedCost);
        Assert.Equal(HumanRequestProvisioningApprover.Creator, request.CreatedBy);
        Assert.Contains("0.12 USD/h", request.Title, StringComparison.Ordinal);
        Assert.Contains("docker-1a2b3c4d", request.Description, StringComparison.Ordinal);
        if (approve)
        {
            await requests.ApproveAsync(request.Id, "telegram:1");
        }
        else
        {
            await requests.RejectAsync(request.Id, "telegram:1");
        }

        Assert.Equal(approve, await decision);
    }
}
