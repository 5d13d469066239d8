using System.Net;
using System.Text.RegularExpressions;
using D8.Dashboard.Tests.Support;
using D8.HumanRequests;

namespace D8.Dashboard.Tests.Internal;

/// <summary>A request with options shows an approve button per option; pressing one records the choice.</summary>
public sealed partial class RequestOptionButtonsTests
{
    [Fact]
    public async Task Detail_RequestWithOptions_ButtonPerOption_PressingBApprovesWithB()
    {
        await using var host = await FakeClockHost.StartAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var created = await host.Host.Requests.CreateAsync(new NewHumanRequest { Type = HumanRequestType.DesignDecision, Title = "Logo", Options = ["A", "B", "C"], CreatedBy = "tests" });
        var waiter = host.Host.Requests.WaitForDecisionAsync(created.Id, TimeSpan.FromMinutes(1));
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(host.Host.BaseUrl) };

        var page = await client.GetStringAsync(new Uri($"/requests/{created.Id}", UriKind.Relative));
        Assert.Equal(["A", "B", "C"], ChooseButton().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Matches("<dd id=\"options\">A (·|&#xB7;) B (·|&#xB7;) C</dd>", page);
        var token = Antiforgery().Match(page).Groups[1].Value;

        using var response = await client.PostAsync(
            new Uri($"/requests/{created.Id}/approve", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["option"] = "B" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var decided = await waiter;
        Assert.Equal((HumanRequestStatus.Approved, "B"), (decided.Status, decided.ChosenOption));
        Assert.Contains("<dd id=\"chosen-option\">B</dd>", await client.GetStringAsync(new Uri($"/requests/{created.Id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [GeneratedRegex("<button type=\"submit\" name=\"option\" value=\"([^\"]+)\" class=\"choose\">Approve \\1</button>")]
    private static partial Regex ChooseButton();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
