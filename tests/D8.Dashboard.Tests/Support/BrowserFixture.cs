using D8.Testing;
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

    public const int PhoneWidth = 390;
    public const int LaptopWidth = 1280;

    /// <summary>A fresh browser context (own cookies) with a 390 px wide phone viewport or a 1280 px laptop one.</summary>
    public Task<IPage> NewPageAsync(bool phone = false) => NewPageAsync(phone ? PhoneWidth : LaptopWidth);

    /// <summary>A fresh browser context (own cookies) with a viewport <paramref name="width"/> px wide.</summary>
    public async Task<IPage> NewPageAsync(int width)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl,
            ViewportSize = width <= PhoneWidth ? new ViewportSize { Width = width, Height = 844 } : new ViewportSize { Width = width, Height = 800 },
            DeviceScaleFactor = 1,
        });
        return await context.NewPageAsync();
    }

    public Task<IPage> SignedInPageAsync(bool phone = false) => SignedInPageAsync(phone ? PhoneWidth : LaptopWidth);

    public async Task<IPage> SignedInPageAsync(int width)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=password]", DashboardHost.Password);
        await page.ClickAsync("form.signin button");
        // Only the navigation's commit (the page's URL changes then): the live pages refresh themselves, so a "load"
        // of the first document may be superseded on a loaded machine, and WaitForURLAsync waits for "load" when the
        // URL already matches (a CI run timed out there). Every test then waits for the elements it reads.
        await Poll.UntilAsync(() => !page.Url.Contains("/signin", StringComparison.Ordinal), "the sign-in to leave /signin", TimeSpan.FromSeconds(60));
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
