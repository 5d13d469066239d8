using System.Net;
using D8.Dashboard.Tests.Support;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests.Api;

/// <summary><c>GET /api/v1/alerts</c>: the owner alerts of the real requests.json store, newest first.</summary>
public sealed class AlertsApiTests
{
    [Fact]
    public async Task ListAlerts_NewestFirst_LimitHonoured_FieldsInSnakeCase()
    {
        await using var host = await MasterApiHost.StartAsync();
        var alerts = host.Services.GetRequiredService<IOwnerAlerts>();
        Assert.Empty(await host.Client.ListAlertsAsync());
        for (var i = 1; i <= 3; i++)
        {
            await alerts.RaiseAsync(new NewOwnerAlert("slave", "down", $"pc{i}", $"Slave pc{i} is down") { Fields = new Dictionary<string, string> { ["current_status"] = "unhealthy" } }, CancellationToken.None);
        }

        var all = await host.Client.ListAlertsAsync();
        var two = await host.Client.ListAlertsAsync(limit: 2);
        var (status, json, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/alerts?limit=1");

        Assert.Equal(["pc3", "pc2", "pc1"], all.Select(a => a.Subject));
        Assert.Equal(["pc3", "pc2"], two.Select(a => a.Subject));
        var stored = (await host.Services.GetRequiredService<IHumanRequestStore>().GetAlertsAsync(CancellationToken.None))[^1];
        var newest = all[0];
        // Delivery is the outbox's business (it may deliver between the two reads): the rest is the stored alert.
        Assert.Equal((stored.Id, "slave", "down", "Slave pc3 is down", stored.CreatedAt), (newest.AlertId, newest.Source, newest.Kind, newest.Text, newest.CreatedAt));
        Assert.Equal("unhealthy", newest.Fields["current_status"]);
        Assert.Equal(HttpStatusCode.OK, status);
        var raw = Assert.Single(json!.AsArray())!;
        Assert.Equal(stored.Id, raw["alert_id"]!.GetValue<string>());
        Assert.NotNull(raw["created_at"]);
        Assert.NotNull(raw["delivered_to"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task ListAlerts_BadLimit_Is400NamingTheField(string limit)
    {
        await using var host = await MasterApiHost.StartAsync();

        var (status, json, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/alerts?limit=" + limit);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("'limit': must be a whole number from 1 to 500", ApiCalls.Error(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAlerts_WithoutTheToken_Is401()
    {
        await using var host = await MasterApiHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var (status, _, _) = await ApiCalls.GetAsync(anonymous, "/api/v1/alerts");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
