namespace D8.HumanRequests.Tests.Docs;

// docs:begin buy-a-domain
/// <summary>Automation that needs the owner's permission (and money) to buy a domain.</summary>
public sealed class DomainBuyer(IHumanRequestManager requests, Func<string, CancellationToken, Task<decimal>> purchase)
{
    public async Task<bool> BuyAsync(string domain, decimal price, CancellationToken cancellationToken)
    {
        // 1. Ask. The owner is notified (Telegram, …); a configured rule may approve small amounts at once.
        var request = await requests.CreateAsync(
            new NewHumanRequest
            {
                Type = HumanRequestType.Payment,
                Title = $"Comprar dominio {domain}",
                Description = "Niche Discovery: score 87/100, ROI estimado +340% en 6 meses",
                EstimatedCost = price,
                Priority = 8,
                CreatedBy = "NicheDiscovery",
            },
            cancellationToken);

        // 2. Wait for the decision: at most two days, then carry on without it (the request stays open).
        var decided = await requests.WaitForDecisionAsync(request.Id, TimeSpan.FromDays(2), cancellationToken);
        if (decided.Status != HumanRequestStatus.Approved)
        {
            return false; // rejected, cancelled, or still pending/postponed after two days
        }

        // 3. Continue on approval, and record what it really cost.
        var paid = await purchase(domain, cancellationToken);
        await requests.CompleteAsync(request.Id, paid, "NicheDiscovery", $"Comprado {domain} en Namecheap", cancellationToken);
        return true;
    }
}
// docs:end
