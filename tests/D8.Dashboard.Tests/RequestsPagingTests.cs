using System.Net;
using System.Text.RegularExpressions;
using D8.Dashboard.Tests.Support;
using D8.HumanRequests;

namespace D8.Dashboard.Tests;

/// <summary>The requests list pages over HTTP: page size, "Older" and "Newest" links that keep the filters.</summary>
public sealed partial class RequestsPagingTests
{
    [Fact]
    public async Task Requests_MoreThanAPage_OlderLinksFollowTheCursorAndKeepTheFilters()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var requests = host.Host.Requests;
        var payments = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            payments.Add((await requests.CreateAsync(New(HumanRequestType.Payment, $"Pago número {i}"))).Id);
            await requests.CreateAsync(New(HumanRequestType.DesignDecision, $"Diseño número {i}"));
        }

        var first = await host.GetAsync("/requests?type=payment&limit=2");
        Assert.Equal([payments[4], payments[3]], Rows(first));
        Assert.Equal($"/requests?type=payment&amp;before={payments[3]}&amp;limit=2", Link(first, "older"));
        Assert.Null(Link(first, "newest"));
        Assert.Contains("data-refresh=", first, StringComparison.Ordinal);

        var second = await host.GetAsync(WebUtility.HtmlDecode(Link(first, "older")!));
        Assert.Equal([payments[2], payments[1]], Rows(second));
        Assert.Equal("/requests?type=payment&amp;limit=2", Link(second, "newest"));
        Assert.DoesNotContain("data-refresh=", second, StringComparison.Ordinal);

        var last = await host.GetAsync(WebUtility.HtmlDecode(Link(second, "older")!));
        Assert.Equal([payments[0]], Rows(last));
        Assert.Null(Link(last, "older"));
        Assert.Contains("<input type=\"hidden\" name=\"limit\" value=\"2\">", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_DefaultPage_Is50NewestFirst()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 51; i++)
        {
            await host.Host.Requests.CreateAsync(New(HumanRequestType.Other, $"Solicitud {i}"));
        }

        var html = await host.GetAsync("/requests");

        var rows = Rows(html);
        Assert.Equal(50, rows.Count);
        Assert.Equal(("req-0051", "req-0002"), (rows[0], rows[^1]));
        Assert.Equal("/requests?before=req-0002", Link(html, "older"));
        Assert.Contains("<time datetime=\"2026-12-01T10:00:00Z\" title=\"2026-12-01 10:00:00 &#x2B;00:00\">just now</time>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_BadLimit_Is400()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

        using var response = await host.Client.GetAsync(new Uri("/requests?limit=1000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit is 1&#x2013;200", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static NewHumanRequest New(HumanRequestType type, string title) => new() { Type = type, Title = title, Priority = 5, CreatedBy = "tests" };

    private static List<string> Rows(string html) => [.. RowPattern().Matches(html).Select(m => m.Groups[1].Value)];

    private static string? Link(string html, string id) => LinkPattern().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == id)?.Groups["href"].Value;

    [GeneratedRegex("<tr data-request=\"([^\"]+)\">")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<a id=\"(?<id>older|newest)\" href=\"(?<href>[^\"]+)\">")]
    private static partial Regex LinkPattern();
}
