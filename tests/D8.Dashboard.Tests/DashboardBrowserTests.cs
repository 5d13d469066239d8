using System.Net;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Contains(fixture.Host.Logs.GetSnapshot(), log => log.Message.Contains("failed sign-in from 127.0.0.1", StringComparison.Ordinal));
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
    public async Task RejectPostponeComplete_FromTheForms_AreStoredWithReasonDurationAndCost()
    {
        var toReject = await Requests.CreateAsync(NewRequest("Publicar artículo patrocinado", 40m));
        var toPostpone = await Requests.CreateAsync(NewRequest("Renovar certificado", 0m));
        var toComplete = await Requests.CreateAsync(NewRequest("Comprar plantilla", 19m));
        await Requests.ApproveAsync(toComplete.Id, "tests");
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync($"/requests/{toReject.Id}");
        await page.FillAsync("form.reject input[name=note]", "muy caro");
        await page.ClickAsync("form.reject button");
        await Expect(page.Locator("#status")).ToHaveTextAsync("rejected");

        await page.GotoAsync($"/requests/{toPostpone.Id}");
        await page.FillAsync("form.postpone input[name=duration]", "2h");
        await page.ClickAsync("form.postpone button");
        await Expect(page.Locator("#status")).ToHaveTextAsync("postponed");

        await page.GotoAsync($"/requests/{toComplete.Id}");
        await page.FillAsync("form.complete input[name=cost]", "17.50");
        await page.FillAsync("form.complete input[name=note]", "Comprada en ThemeForest");
        await page.ClickAsync("form.complete button");
        await Expect(page.Locator("#status")).ToHaveTextAsync("completed");

        var rejected = await Requests.GetAsync(toReject.Id);
        Assert.Equal((HumanRequestStatus.Rejected, "muy caro"), (rejected.Status, rejected.History[^1].Note));
        var postponed = await Requests.GetAsync(toPostpone.Id);
        Assert.Equal(HumanRequestStatus.Postponed, postponed.Status);
        Assert.InRange(postponed.PostponedUntil!.Value - postponed.History[^1].At, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var completed = await Requests.GetAsync(toComplete.Id);
        Assert.Equal((HumanRequestStatus.Completed, 17.50m, "Comprada en ThemeForest"), (completed.Status, completed.ActualCost, completed.History[^1].Note));
    }

    [Fact]
    public async Task Postpone_BadDuration_ShowsTheErrorAndChangesNothing()
    {
        var request = await Requests.CreateAsync(NewRequest("Revisar presupuesto", 3m));
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/requests/{request.Id}");

        // Past the browser's own pattern check: the server must refuse it too.
        await page.EvalOnSelectorAsync("form.postpone input[name=duration]", "e => { e.removeAttribute('pattern'); e.value = 'soon'; }");
        await page.ClickAsync("form.postpone button");

        await Expect(page.Locator("#error")).ToContainTextAsync("'soon' is not a duration");
        Assert.Equal(HumanRequestStatus.Pending, (await Requests.GetAsync(request.Id)).Status);
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
        var queue = fixture.Host.Services.GetRequiredService<ITaskQueue>();
        var task = await queue.EnqueueAsync(D8Task.Python("print('a long line of output that must wrap on a phone instead of widening the page: ' + 'x' * 200)") with { RequiredCapabilities = ["capability-no-slave-has"], TaskType = "niche-discovery-with-a-long-type-name" });
        var page = await fixture.SignedInPageAsync(phone: true);

        foreach (var path in new[] { "/", "/requests", $"/requests/{request.Id}", "/tasks", $"/tasks/{task.TaskId}" })
        {
            await page.GotoAsync(path);
            await Screenshots.AssertNoHorizontalScrollAsync(page);
        }

        await page.GotoAsync($"/requests/{request.Id}");
        await Screenshots.TakeAsync(page, "dashboard-request.png");

        await queue.CancelAsync(task.TaskId, "test cleanup");
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
