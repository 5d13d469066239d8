using D8.Dashboard.Tests.Support;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests;

/// <summary>The overview's list of the newest owner alerts and their delivery, over the real store (fake clock).</summary>
public sealed class OverviewAlertsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Overview_NoAlerts_SaysSo()
    {
        await using var host = await FakeClockHost.StartAsync(Now);

        var page = await host.GetAsync("/");

        Assert.Contains("id=\"no-alerts\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"alerts\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_Alerts_NewestFirst_WithTheirDelivery()
    {
        await using var host = await FakeClockHost.StartAsync(Now);
        var store = host.Host.Services.GetRequiredService<IHumanRequestStore>();
        await store.AddAlertAsync(Alert("a1", "down", "pi-worker", "Slave pi-worker is down: no answer", Now.AddMinutes(-40)) with { Delivered = true, DeliveredTo = ["telegram"] }, CancellationToken.None);
        // Not delivered: two failed tries, the next one in the future (so no outbox pass tries it during the test).
        await store.AddAlertAsync(Alert("a2", "recovered", "vps<1>", "Slave vps<1> recovered", Now.AddMinutes(-5)) with { Attempts = 2, LastError = "Telegram: 502 Bad Gateway", NextAttemptAt = Now.AddMinutes(10) }, CancellationToken.None);

        var page = await host.GetAsync("/");

        var table = page[page.IndexOf("<table id=\"alerts\"", StringComparison.Ordinal)..];
        table = table[..(table.IndexOf("</table>", StringComparison.Ordinal) + 8)];
        var newest = table.IndexOf("data-alert=\"a2\"", StringComparison.Ordinal);
        var older = table.IndexOf("data-alert=\"a1\"", StringComparison.Ordinal);
        Assert.True(newest > 0 && older > newest, $"a2 should come before a1: {table}");
        var rowA2 = table[newest..older];
        var rowA1 = table[older..];
        Assert.Contains("data-kind=\"recovered\"", rowA2, StringComparison.Ordinal);
        Assert.Contains("vps&lt;1&gt;", rowA2, StringComparison.Ordinal);
        Assert.DoesNotContain("vps<1>", rowA2, StringComparison.Ordinal);
        Assert.Contains("not sent (2 failed)", rowA2, StringComparison.Ordinal);
        Assert.Contains("Telegram: 502 Bad Gateway", rowA2, StringComparison.Ordinal);
        Assert.Contains("next try", rowA2, StringComparison.Ordinal);
        Assert.Contains("5 min ago", rowA2, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"down\"", rowA1, StringComparison.Ordinal);
        Assert.Contains(">sent<", rowA1, StringComparison.Ordinal);
        Assert.Contains("Slave pi-worker is down: no answer", rowA1, StringComparison.Ordinal);
    }

    private static OwnerAlert Alert(string id, string kind, string subject, string text, DateTimeOffset at) => new()
    {
        Id = id,
        Source = "slave",
        Kind = kind,
        Subject = subject,
        Text = text,
        CreatedAt = at,
    };
}
