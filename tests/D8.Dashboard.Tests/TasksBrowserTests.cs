using System.Net;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace D8.Dashboard.Tests;

/// <summary>
/// The Tasks page and a task's detail over the real task queue (in-memory store, the master's dispatch loop, a real
/// loopback slave), in Debian's Chromium. Tasks that need the capability <see cref="Nowhere"/> stay queued: no slave has it.
/// </summary>
public sealed class TasksBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Nowhere = "capability-no-slave-has";
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(30);

    private ITaskQueue Queue => fixture.Host.Services.GetRequiredService<ITaskQueue>();

    [Fact]
    public async Task Tasks_QueuedRunningAndFinished_AreListedUnderTheirTabs_AndTheDetailShowsEncodedOutput()
    {
        Requirements.Python3();
        await EnsureSlaveAsync();
        var succeeded = await Queue.EnqueueAsync(D8Task.Python("print('<b>niche</b> & score: 87')") with { TaskType = "niche-scan", SubmittedBy = "tests" });
        var failed = await Queue.EnqueueAsync(D8Task.Python("import sys; sys.exit('no such keyword list')") with { Priority = 7 });
        Assert.Equal(D8TaskStatus.Succeeded, (await Queue.WaitAsync(succeeded.TaskId, TaskTimeout))!.Status);
        Assert.Equal(D8TaskStatus.Failed, (await Queue.WaitAsync(failed.TaskId, TaskTimeout))!.Status);
        var running = await Queue.EnqueueAsync(D8Task.Python("import time; time.sleep(120)") with { TaskType = "long-crawl" });
        await Poll.UntilAsync(async () => (await Queue.GetAsync(running.TaskId))!.Status == D8TaskStatus.Running, "the long task to start on the slave", TaskTimeout);
        var queued = await Queue.EnqueueAsync(D8Task.Python("pass") with { RequiredCapabilities = [Nowhere], TaskType = "gpu-render" });
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/tasks");
        var table = page.Locator("#tasks");
        await Expect(Row(page, succeeded)).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(Row(page, failed)).ToHaveAttributeAsync("data-status", "failed");
        await Expect(Row(page, running)).ToContainTextAsync("so far");
        await Expect(Row(page, queued)).ToContainTextAsync("gpu-render");
        await Expect(Row(page, succeeded)).ToContainTextAsync("tests");
        await Expect(Row(page, failed).Locator("td[data-label=Exit]")).ToHaveTextAsync("1");
        await Expect(Row(page, failed).Locator("td[data-label=Priority]")).ToHaveTextAsync("7");
        var ids = await table.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)");
        Assert.True(Array.IndexOf(ids, queued.TaskId) < Array.IndexOf(ids, succeeded.TaskId), "newest first");

        await page.ClickAsync("[data-tab=queued]");
        await Expect(Row(page, queued)).ToBeVisibleAsync();
        Assert.Equal(0, await Row(page, running).CountAsync() + await Row(page, succeeded).CountAsync());
        await page.ClickAsync("[data-tab=running]");
        await Expect(Row(page, running)).ToBeVisibleAsync();
        Assert.Equal(0, await Row(page, queued).CountAsync() + await Row(page, failed).CountAsync());
        await page.ClickAsync("[data-tab=finished]");
        await Expect(Row(page, succeeded)).ToBeVisibleAsync();
        await Expect(Row(page, failed)).ToBeVisibleAsync();
        Assert.Equal(0, await Row(page, queued).CountAsync() + await Row(page, running).CountAsync());

        await Row(page, succeeded).Locator("a").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("succeeded");
        await Expect(page.Locator("#output")).ToHaveTextAsync("<b>niche</b> & score: 87\n");
        Assert.Contains("&lt;b&gt;niche&lt;/b&gt;", await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#command")).ToHaveTextAsync("print('<b>niche</b> & score: 87')");
        Assert.Equal(0, await page.Locator("form.cancel").CountAsync());
        await page.GotoAsync($"/tasks/{failed.TaskId}");
        await Expect(page.Locator("#error-output")).ToContainTextAsync("no such keyword list");

        await Queue.CancelAsync(running.TaskId, "test cleanup");
        await Queue.CancelAsync(queued.TaskId, "test cleanup");
    }

    [Fact]
    public async Task Tasks_MoreThanAPage_OlderLinkFollowsTheCursor()
    {
        var first = await Queue.EnqueueAsync(Waiting("page-1"));
        var second = await Queue.EnqueueAsync(Waiting("page-2"));
        var third = await Queue.EnqueueAsync(Waiting("page-3"));
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/tasks?status=queued&limit=2");
        await Expect(Row(page, third)).ToBeVisibleAsync();
        await Expect(Row(page, second)).ToBeVisibleAsync();
        Assert.Equal(0, await Row(page, first).CountAsync());

        await page.ClickAsync("#older");
        await Expect(Row(page, first)).ToBeVisibleAsync();
        Assert.Equal(0, await Row(page, third).CountAsync());
        Assert.Contains($"before={second.Sequence}", page.Url, StringComparison.Ordinal);
        Assert.Contains("status=queued", page.Url, StringComparison.Ordinal);

        await page.ClickAsync("#newest");
        await Expect(Row(page, third)).ToBeVisibleAsync();

        var bad = await page.GotoAsync("/tasks?before=soon");
        Assert.Equal((int)HttpStatusCode.BadRequest, bad!.Status);
        await Expect(page.Locator("#error")).ToContainTextAsync("Unknown filter");

        foreach (var task in new[] { first, second, third })
        {
            await Queue.CancelAsync(task.TaskId, "test cleanup");
        }
    }

    [Fact]
    public async Task Cancel_QueuedTask_FromTheButton_IsCancelledInTheStoreWithTheActor()
    {
        var task = await Queue.EnqueueAsync(Waiting("to-cancel"));
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task.TaskId}");
        await Expect(page.Locator("#status")).ToHaveTextAsync("queued");

        await page.ClickAsync("form.cancel button");

        await Expect(page.Locator("#status")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#reason")).ToHaveTextAsync("cancelled in the dashboard by dashboard");
        Assert.Equal(0, await page.Locator("form.cancel").CountAsync());
        var stored = await Queue.GetAsync(task.TaskId);
        Assert.Equal(D8TaskStatus.Cancelled, stored!.Status);
        Assert.Equal("cancelled in the dashboard by dashboard", stored.Reason);
        Assert.Contains(fixture.Host.Logs.GetSnapshot(), log => log.Message == $"D8 dashboard: cancelled task {task.TaskId}");
    }

    [Fact]
    public async Task Cancel_TaskEndedMeanwhile_ShowsConflictAndChangesNothing()
    {
        var task = await Queue.EnqueueAsync(Waiting("ended-meanwhile"));
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task.TaskId}");
        await Queue.CancelAsync(task.TaskId, "cli");

        await page.ClickAsync("form.cancel button");

        await Expect(page.Locator("#error")).ToContainTextAsync("had already ended (cancelled)");
        Assert.Equal("cli", (await Queue.GetAsync(task.TaskId))!.Reason);
    }

    [Fact]
    public async Task Cancel_WithoutAntiforgeryToken_IsRefusedAndTheTaskStaysQueued()
    {
        var task = await Queue.EnqueueAsync(Waiting("forged-cancel"));
        var page = await fixture.SignedInPageAsync();

        var response = await page.Context.APIRequest.PostAsync($"/tasks/{task.TaskId}/cancel", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("note", "forged"),
            MaxRedirects = 0,
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("anti-forgery", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(D8TaskStatus.Queued, (await Queue.GetAsync(task.TaskId))!.Status);
        await Queue.CancelAsync(task.TaskId, "test cleanup");
    }

    [Fact]
    public async Task Detail_UnknownTask_Is404()
    {
        var page = await fixture.SignedInPageAsync();

        var response = await page.GotoAsync("/tasks/no-such-task");

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator("#error")).ToHaveTextAsync("There is no task 'no-such-task'.");
    }

    private static D8Task Waiting(string type) => D8Task.Python("pass") with { RequiredCapabilities = [Nowhere], TaskType = type };

    private static ILocator Row(IPage page, D8TaskInfo task) => page.Locator($"#tasks tr[data-task='{task.TaskId}']");

    private async Task EnsureSlaveAsync()
    {
        var registry = fixture.Host.Services.GetRequiredService<ISlaveRegistry>();
        if (registry.Find("desk-pc") is null)
        {
            var port = await fixture.Host.StartSlaveAsync();
            await registry.RegisterAsync(new SlaveRegistration("desk-pc", "127.0.0.1", port));
        }

        await fixture.Host.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();
    }
}
