using D8.HumanRequests.Tests.Support;
using D8.Testing;

namespace D8.HumanRequests.Tests.Docs;

/// <summary>The README's "buy a domain" sample: it compiles (it is <see cref="DomainBuyer"/>), it works, and the
/// text in docs/human-requests.md is the same code.</summary>
public sealed class DomainBuyerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BuyAsync_OwnerApproves_BuysAndCompletesTheRequest()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var bought = new List<string>();
        var buyer = new DomainBuyer(host.Manager, (domain, _) =>
        {
            bought.Add(domain);
            return Task.FromResult(11.49m);
        });

        var buying = buyer.BuyAsync("d8-ai.com", 12.99m, CancellationToken.None);
        var pending = await WaitForPendingAsync(host.Manager);
        Assert.Empty(bought);
        await host.Manager.ApproveAsync(pending.Id, "telegram:123456");

        Assert.True(await buying.WaitAsync(Guard));
        Assert.Equal(["d8-ai.com"], bought);
        var done = await host.Manager.GetAsync(pending.Id);
        Assert.Equal((HumanRequestStatus.Completed, 11.49m), (done.Status, done.ActualCost));
        Assert.Equal("Aprobado por telegram:123456\nCompletado por NicheDiscovery: Comprado d8-ai.com en Namecheap", done.Notes);
    }

    [Fact]
    public async Task BuyAsync_OwnerRejects_DoesNotBuy()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var buyer = new DomainBuyer(host.Manager, (_, _) => throw new InvalidOperationException("must not buy"));

        var buying = buyer.BuyAsync("d8-ai.com", 12.99m, CancellationToken.None);
        var pending = await WaitForPendingAsync(host.Manager);
        await host.Manager.RejectAsync(pending.Id, "telegram:123456", "muy caro");

        Assert.False(await buying.WaitAsync(Guard));
    }

    [Fact]
    public async Task BuyAsync_NoAnswerInTwoDays_GivesUpAndLeavesTheRequestOpen()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var buyer = new DomainBuyer(host.Manager, (_, _) => throw new InvalidOperationException("must not buy"));

        var buying = buyer.BuyAsync("d8-ai.com", 12.99m, CancellationToken.None);
        var pending = await WaitForPendingAsync(host.Manager);
        // Advanced in steps until the buyer gives up: its two days start when it begins to wait, a moment after the
        // request appears.
        await Poll.UntilAsync(
            () =>
            {
                host.Time.Advance(TimeSpan.FromDays(2));
                return buying.IsCompleted;
            },
            "the buyer to give up");

        Assert.False(await buying);
        Assert.Equal(HumanRequestStatus.Pending, (await host.Manager.GetAsync(pending.Id)).Status);
    }

    [Fact]
    public void Readme_ShowsExactlyTheCompiledSample()
    {
        var readme = Path.Combine(AppContext.BaseDirectory, "docs", "human-requests.md");
        Assert.True(File.Exists(readme), $"'{readme}' is missing: docs/human-requests.md should be linked into the test output.");
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "DomainBuyer.cs")).ReplaceLineEndings("\n");
        var begin = source.IndexOf("// docs:begin buy-a-domain\n", StringComparison.Ordinal);
        var end = source.IndexOf("// docs:end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "DomainBuyer.cs lacks its docs:begin/docs:end markers");
        var sample = source[(begin + "// docs:begin buy-a-domain\n".Length)..end];

        Assert.Contains(sample, File.ReadAllText(readme).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static async Task<HumanRequest> WaitForPendingAsync(IHumanRequestManager manager)
    {
        HumanRequest? found = null;
        await Poll.UntilAsync(
            async () => (found = await manager.ListAsync(new HumanRequestFilter { Status = HumanRequestStatus.Pending }) is [var first, ..] ? first : null) is not null,
            "the buyer's request to be created");
        return found!;
    }
}
