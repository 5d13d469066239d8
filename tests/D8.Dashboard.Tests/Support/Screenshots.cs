using Microsoft.Playwright;

namespace D8.Dashboard.Tests.Support;

/// <summary>
/// Screenshots for the docs: always written to the test output (screenshots/), and copied into the repository's
/// docs/images when D8_UPDATE_SCREENSHOTS=1, so the committed PNGs are exactly what these tests produce.
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = output, FullPage = true });
        Assert.True(new FileInfo(output).Length > 1000, $"The screenshot {output} is empty.");
        if (Environment.GetEnvironmentVariable("D8_UPDATE_SCREENSHOTS") == "1")
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "D8.Distributed.sln")))
            {
                root = root.Parent;
            }

            Assert.NotNull(root);
            File.Copy(output, Path.Combine(root.FullName, "docs", "images", name), overwrite: true);
        }
    }

    /// <summary>Whether the page scrolls horizontally (the phone acceptance point).</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        // Read as text: a number array read through Playwright's JSON can come back as zeros, and 0 <= 0 would pass.
        var text = await page.EvaluateAsync<string>("() => document.documentElement.scrollWidth + ',' + document.documentElement.clientWidth");
        var widths = text.Split(',').Select(value => int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(widths[1] > 0, $"{page.Url}: the page's width could not be read ({text}).");
        Assert.True(widths[0] <= widths[1], $"{page.Url} scrolls horizontally at {widths[1]} px: scrollWidth is {widths[0]}.");
    }
}
