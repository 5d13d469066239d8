using D8.Dashboard.Tests.Support;
using D8.HumanRequests;
using D8.Testing;

namespace D8.Dashboard.Tests.Internal;

/// <summary>The request page shows when a request expires: relative ("in 10 min"), the absolute time on hover.</summary>
public sealed class RequestExpiryPageTests
{
    [Fact]
    public async Task Detail_RequestWithExpiry_ShowsExpiresInRelativeWithTheAbsoluteTimeOnHover_ThenExpiry()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var created = await host.Host.Requests.CreateAsync(new NewHumanRequest
        {
            Type = HumanRequestType.Payment,
            Title = "Dominio",
            CreatedBy = "tests",
            ExpiresAt = new DateTimeOffset(2026, 12, 1, 10, 10, 0, TimeSpan.Zero),
        });

        var page = await host.GetAsync($"/requests/{created.Id}");
        Assert.Contains(
            "<dt>Expires</dt><dd id=\"expires-at\"><time datetime=\"2026-12-01T10:10:00Z\" title=\"2026-12-01 10:10:00 &#x2B;00:00\">in 10 min</time></dd>",
            page,
            StringComparison.Ordinal);

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Poll.UntilAsync(async () => (await host.Host.Requests.GetAsync(created.Id)).Status == HumanRequestStatus.Cancelled, "the request to expire");
        page = await host.GetAsync($"/requests/{created.Id}");
        Assert.Contains("<dt>Expiry</dt><dd id=\"expires-at\"><time datetime=\"2026-12-01T10:10:00Z\"", page, StringComparison.Ordinal);
        Assert.Contains("system:expiry", page, StringComparison.Ordinal);
    }
}
