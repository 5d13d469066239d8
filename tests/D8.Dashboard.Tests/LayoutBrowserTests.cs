using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace D8.Dashboard.Tests;

/// <summary>
/// The layout acceptance (issue 17, point 6) in Debian's Chromium: with realistic long data (long ids and commits,
/// Spanish titles with long words, amounts like 12.99) every page with a table — overview (slaves), tasks, requests, a
/// request, a task — splits no word of a cell across lines and does not scroll sideways, on a laptop and a phone and
/// the widths between.
/// </summary>
public sealed class LayoutBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Nowhere = "capability-no-slave-has";
    private const string LongCommit = "9f3c2a7e41b85d06c1e2f3a4b5c6d7e8f9012345";

    private readonly List<string> _paths = [];

    public async Task InitializeAsync()
    {
        var services = fixture.Host.Services;
        var registry = services.GetRequiredService<ISlaveRegistry>();
        if (registry.Find("estacion-de-trabajo-gpu-salon-principal-2026") is null)
        {
            var port = await fixture.Host.StartSlaveAsync();
            await registry.RegisterAsync(new SlaveRegistration("estacion-de-trabajo-gpu-salon-principal-2026", "127.0.0.1", port));
            // Nothing listens on port 9: an unhealthy slave with a long connection error.
            await registry.RegisterAsync(new SlaveRegistration("raspberry-pi-5-despacho-norte-segunda-planta", "127.0.0.1", 9));
            await services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();

            // The overview's alerts table: a long subject, text and delivery error (never tried again during the test).
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            await services.GetRequiredService<IHumanRequestStore>().AddAlertAsync(
                new OwnerAlert
                {
                    Id = "alert-layout-0001",
                    Source = "slave",
                    Kind = "version_mismatch",
                    Subject = "raspberry-pi-5-despacho-norte-segunda-planta",
                    Text = "Slave raspberry-pi-5-despacho-norte-segunda-planta runs commit 9f3c2a7e41b85d06c1e2f3a4b5c6d7e8f9012345, not the master's",
                    CreatedAt = now.AddMinutes(-3),
                    Attempts = 3,
                    LastError = "D8.Telegram.Internal.TelegramOwnerAlertNotifier: Bad Gateway: the Telegram Bot API answered 502 three times",
                    NextAttemptAt = now.AddDays(1),
                },
                CancellationToken.None);
        }

        var queue = services.GetRequiredService<ITaskQueue>();
        var finished = await queue.EnqueueAsync(D8Task.Python("print('puntuación del nicho: 87')") with
        {
            TaskId = "niche-discovery-2026-12-01T10-15-00-7f3a9c2e5b1d4e6f",
            TaskType = "descubrimiento-de-nichos-internacionalizacion",
            SubmittedBy = "NicheDiscoveryScheduler-produccion",
            Priority = 8,
        });
        var waiting = await queue.EnqueueAsync(D8Task.Python("pass") with
        {
            TaskId = "content-pipeline-2026-12-01T10-16-30-0a1b2c3d4e5f6a7b",
            TaskType = "generacion-de-contenidos-multilingues",
            SubmittedBy = "ContentPipelineOrchestrator",
            RequiredCapabilities = [Nowhere],
        });
        Assert.True((await queue.WaitAsync(finished.TaskId, TimeSpan.FromSeconds(60)))!.IsFinal, "the task on the real slave did not finish");

        // xunit makes an instance per test: the requests are made once per fixture (host), found again by their title.
        var requests = fixture.Host.Requests;
        var existing = await requests.ListAsync();
        if (existing.FirstOrDefault(r => r.Title.StartsWith("Aprobar la internacionalización", StringComparison.Ordinal)) is { } known)
        {
            var done = existing.First(r => r.Title.StartsWith("Desafortunadamente", StringComparison.Ordinal));
            _paths.AddRange(["/", "/requests", $"/requests/{known.Id}", $"/requests/{done.Id}", "/tasks", $"/tasks/{finished.TaskId}", $"/tasks/{waiting.TaskId}"]);
            return;
        }

        var payment = await requests.CreateAsync(new NewHumanRequest
        {
            Type = HumanRequestType.Payment,
            Title = "Aprobar la internacionalización del contenido: dominio ai-nichos-rentables-2027.com",
            Description = "Electroencefalografistas y otorrinolaringólogos: nicho con puntuación 87/100, ROI estimado +340% en 6 meses.",
            EstimatedCost = 12.99m,
            Priority = 8,
            CreatedBy = "NicheDiscoveryScheduler-produccion",
        });
        var design = await requests.CreateAsync(new NewHumanRequest
        {
            Type = HumanRequestType.StrategicDecision,
            Title = "Desafortunadamente hay que decidir la reestructuración de las suscripciones",
            EstimatedCost = 1299.99m,
            Priority = 10,
            CreatedBy = "EstrategiaComercial",
        });
        await requests.ApproveAsync(design.Id, "tests", "adelante con la reestructuración");
        await requests.CompleteAsync(design.Id, 1249.50m, "tests");
        await requests.PostponeAsync(payment.Id, TimeSpan.FromHours(2), "tests", "esperar a la confirmación");

        _paths.AddRange(["/", "/requests", $"/requests/{payment.Id}", $"/requests/{design.Id}", "/tasks", $"/tasks/{finished.TaskId}", $"/tasks/{waiting.TaskId}"]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(BrowserFixture.LaptopWidth)]
    [InlineData(1024)]
    [InlineData(961)]
    [InlineData(800)]
    [InlineData(600)]
    [InlineData(BrowserFixture.PhoneWidth)]
    public async Task EveryTablePage_LongRealisticData_SplitsNoWordAndDoesNotScrollSideways(int width)
    {
        Requirements.Python3();
        var page = await fixture.SignedInPageAsync(width);

        foreach (var path in _paths)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await PageLayout.AssertNoSplitWordsAsync(page);
            await PageLayout.AssertNoHorizontalScrollAsync(page);
        }
    }

    [Fact]
    public async Task Screenshots_RequestsOnALaptop_OverviewOnAPhone_AreTaken()
    {
        var laptop = await fixture.SignedInPageAsync(BrowserFixture.LaptopWidth);
        await laptop.GotoAsync("/requests");
        await Expect(laptop.Locator("#requests")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(laptop, "dashboard-requests.png");

        var phone = await fixture.SignedInPageAsync(BrowserFixture.PhoneWidth);
        await phone.GotoAsync("/");
        await Expect(phone.Locator("#spend-per-month svg")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(phone, "dashboard-overview-phone.png");
    }

    [Fact]
    public async Task LongIds_AreCutWithAnEllipsis_AndTheWholeIdIsTheTooltip()
    {
        var page = await fixture.SignedInPageAsync(BrowserFixture.LaptopWidth);

        await page.GotoAsync("/tasks");
        const string selector = "tr[data-task='niche-discovery-2026-12-01T10-15-00-7f3a9c2e5b1d4e6f'] td[data-label=Task] .trunc";
        var id = page.Locator(selector);

        await Expect(id).ToHaveAttributeAsync("title", "niche-discovery-2026-12-01T10-15-00-7f3a9c2e5b1d4e6f");
        await Expect(id).ToHaveCSSAsync("text-overflow", "ellipsis");
        await Expect(id).ToHaveCSSAsync("display", "inline-block");
        // Measured in one page-side step: the live refresh (every 500 ms here) replaces the table, and a locator's
        // evaluate may run on the element it resolved just before, by then detached (0 px of 0 px).
        var widths = (await page.EvaluateAsync<string>(
            "s => { const e = document.querySelector(s); return e ? e.clientWidth + ' ' + e.scrollWidth : '-1 -1'; }", selector))
            .Split(' ').Select(int.Parse).ToArray();
        Assert.True(widths[1] > widths[0] && widths[0] > 0, $"the id should be cut (shown {widths[0]} px of {widths[1]} px)");
        await Expect(page.Locator("td[data-label=Queued] time").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$"));
    }
}
