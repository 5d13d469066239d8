using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace D8.Dashboard.Tests;

/// <summary>The overview and tasks pages against a real loopback slave, in Debian's Chromium.</summary>
public sealed class OverviewBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LiveWait = new() { Timeout = 20_000 };

    [Fact]
    public async Task Overview_RealSlave_ShowsHealthyWithCommit_ThenUnhealthyWithoutReload()
    {
        Requirements.Python3();
        var services = fixture.Host.Services;
        var port = await fixture.Host.StartSlaveAsync();
        await services.GetRequiredService<ISlaveRegistry>().RegisterAsync(new SlaveRegistration("desk-pc", "127.0.0.1", port));
        await services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();
        var queue = services.GetRequiredService<ITaskQueue>();
        var scan = await queue.EnqueueAsync(D8Task.Python("print('niche score: 87')") with { TaskType = "niche-scan" });
        var failing = await queue.EnqueueAsync(D8Task.Python("import sys; sys.exit('no such keyword list')"));
        Assert.True((await queue.WaitAsync(scan.TaskId, TimeSpan.FromSeconds(30)))!.IsFinal);
        Assert.True((await queue.WaitAsync(failing.TaskId, TimeSpan.FromSeconds(30)))!.IsFinal);
        var requests = fixture.Host.Requests;
        var paid = await requests.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Payment, Title = "Hosting VPS noviembre", EstimatedCost = 6.50m, Priority = 6, CreatedBy = "Ops" });
        await requests.ApproveAsync(paid.Id, "tests");
        await requests.CompleteAsync(paid.Id, 5.99m, "tests");
        await requests.CreateAsync(new NewHumanRequest { Type = HumanRequestType.DesignDecision, Title = "Elegir paleta del logo", Priority = 4, CreatedBy = "Design" });

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/");
        var row = page.Locator("tr[data-slave='desk-pc']");
        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "healthy");
        await Expect(row.Locator("td[data-label=Commit]")).ToContainTextAsync(DashboardHost.Commit);
        await Expect(row.Locator("td[data-label=Commit] small")).ToHaveTextAsync("matches master");
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#month-spend")).ToHaveTextAsync("5.99");
        await Expect(page.Locator("#finished-count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#running-count")).ToHaveTextAsync("0");
        await Expect(page.Locator("#queued-count")).ToHaveTextAsync("0");
        Assert.NotEqual("—", await row.Locator("td[data-label=Latency]").TextContentAsync());

        // A task no slave can take stays queued; the live overview counts it without a reload.
        var waiting = await queue.EnqueueAsync(D8Task.Python("pass") with { RequiredCapabilities = ["capability-no-slave-has"] });
        await Expect(page.Locator("#queued-count")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Screenshots.TakeAsync(page, "dashboard-overview.png");

        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#tasks")).ToContainTextAsync("niche-scan");
        await page.ClickAsync($"tr[data-task='{scan.TaskId}'] a");
        await Expect(page.Locator("#output")).ToContainTextAsync("niche score: 87");
        await Screenshots.TakeAsync(page, "dashboard-task.png");
        await page.GotoAsync("/tasks");
        await Screenshots.TakeAsync(page, "dashboard-tasks.png");
        await queue.CancelAsync(waiting.TaskId, "test cleanup");

        await page.GotoAsync("/");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        await fixture.Host.StopSlaveAsync();
        await services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();

        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "unhealthy", LiveWait);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "The page was reloaded; it should update in place.");
    }
}
