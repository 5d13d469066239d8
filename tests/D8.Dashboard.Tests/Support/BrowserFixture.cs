using Microsoft.Playwright;

namespace D8.Dashboard.Tests.Support;

/// <summary>
/// One headless Debian Chromium per test class (Playwright's own browser download cannot work here, so it is never
/// used) plus one dashboard host with a signed-in browser context factory.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = DebianChromium.Path;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await DebianChromium.EnsureAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Host = await DashboardHost.StartAsync();
    }

    /// <summary>A fresh browser context (own cookies) with a 390 px wide phone viewport or a laptop one.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1100, Height = 760 },
            DeviceScaleFactor = 1,
        });
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(bool phone = false)
    {
        var page = await NewPageAsync(phone);
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=password]", DashboardHost.Password);
        await page.ClickAsync("form.signin button");
        // Only the navigation's commit: the live pages refresh themselves, so a "load" of the first document may be
        // superseded on a loaded machine; every test then waits for the elements it reads.
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
