using System.Net;
using D8.Dashboard.Tests.Support;
using D8.HumanRequests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace D8.Dashboard.Tests;

/// <summary>Sign-in, request decisions, anti-forgery and the phone layout, in Debian's Chromium.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private IHumanRequestManager Requests => fixture.Host.Requests;

    [Fact]
    public async Task SignIn_NotSignedIn_RedirectsToSignIn_RefusesWrongPassword_AcceptsRightOne()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/requests");
        Assert.Contains("/signin?returnUrl=", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name=password]", "wrong password");
        await page.ClickAsync("form.signin button");
        await Expect(page.Locator("#error")).ToHaveTextAsync("Wrong password.");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/signin?returnUrl=%2Frequests");
        await page.FillAsync("input[name=password]", DashboardHost.Password);
        await page.ClickAsync("form.signin button");
        await page.WaitForURLAsync("**/requests");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Requests");
    }

    [Fact]
    public async Task Approve_PendingRequest_ChangesStoreAndPage()
    {
        var request = await Requests.CreateAsync(NewRequest("Comprar dominio nichos.dev", 12.99m));
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/requests?status=pending");
        await page.ClickAsync($"tr[data-request='{request.Id}'] a");
        await Expect(page.Locator("#status")).ToHaveTextAsync("pending");
        await page.FillAsync("form.approve input[name=note]", "ok, adelante");
        await page.ClickAsync("form.approve button");

        await Expect(page.Locator("#status")).ToHaveTextAsync("approved");
        var stored = await Requests.GetAsync(request.Id);
        Assert.Equal(HumanRequestStatus.Approved, stored.Status);
        Assert.Equal("dashboard", stored.History[^1].Actor);
        Assert.Equal("ok, adelante", stored.History[^1].Note);
        await Expect(page.Locator(".history")).ToContainTextAsync("ok, adelante");
    }

    [Fact]
    public async Task Approve_RequestRejectedMeanwhile_ShowsInvalidTransitionAndChangesNothing()
    {
        var request = await Requests.CreateAsync(NewRequest("Elegir diseño del logo", null));
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/requests/{request.Id}");
        await Expect(page.Locator("form.approve button")).ToBeVisibleAsync();

        // Someone else (the Telegram bot, the CLI) rejects it while the page is open.
        var rejected = await Requests.RejectAsync(request.Id, "cli", "muy caro");
        await page.ClickAsync("form.approve button");

        await Expect(page.Locator("#error")).ToContainTextAsync(request.Id);
        await Expect(page.Locator("#status")).ToHaveTextAsync("rejected");
        var stored = await Requests.GetAsync(request.Id);
        Assert.Equal(HumanRequestStatus.Rejected, stored.Status);
        Assert.Equal(rejected.History.Count, stored.History.Count);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var request = await Requests.CreateAsync(NewRequest("Abrir cuenta de API", 0m));
        var page = await fixture.SignedInPageAsync();

        var response = await page.Context.APIRequest.PostAsync($"/requests/{request.Id}/approve", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("note", "forged"),
            MaxRedirects = 0,
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("anti-forgery", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HumanRequestStatus.Pending, (await Requests.GetAsync(request.Id)).Status);
    }

    [Fact]
    public async Task EveryPage_PhoneWidth390_DoesNotScrollHorizontally_AndRequestScreenshotIsTaken()
    {
        var request = await Requests.CreateAsync(new NewHumanRequest
        {
            Type = HumanRequestType.Payment,
            Title = "Comprar dominio ai-nichos-rentables-2027.com para el proyecto de contenidos",
            Description = "Niche Discovery: score 87/100, ROI estimado +340% en 6 meses. Registro por 1 año en Namecheap, renovación automática desactivada.",
            EstimatedCost = 12.99m,
            Priority = 8,
            CreatedBy = "NicheDiscovery",
        });
        var page = await fixture.SignedInPageAsync(phone: true);

        foreach (var path in new[] { "/", "/requests", $"/requests/{request.Id}", "/tasks" })
        {
            await page.GotoAsync(path);
            await Screenshots.AssertNoHorizontalScrollAsync(page);
        }

        await page.GotoAsync($"/requests/{request.Id}");
        await Screenshots.TakeAsync(page, "dashboard-request.png");

        var anonymous = await fixture.NewPageAsync(phone: true);
        await anonymous.GotoAsync("/signin");
        await Screenshots.AssertNoHorizontalScrollAsync(anonymous);
    }

    private static NewHumanRequest NewRequest(string title, decimal? cost) => new()
    {
        Type = HumanRequestType.Payment,
        Title = title,
        EstimatedCost = cost,
        Priority = 5,
        CreatedBy = "Tests",
    };
}
