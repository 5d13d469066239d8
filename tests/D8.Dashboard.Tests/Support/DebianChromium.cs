using D8.Testing;

namespace D8.Dashboard.Tests.Support;

/// <summary>
/// Debian's Chromium, which the browser tests drive (Playwright's own browser download cannot work on these machines).
/// Installed with apt-get when it is missing and the tests run as root, as on a fresh CI machine; otherwise the tests
/// fail with a message that says how to install it.
/// </summary>
public static class DebianChromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly Lazy<Task<string?>> Installation = new(InstallAsync);

    /// <summary>Makes sure <see cref="Path"/> exists; fails the test with what was tried when it cannot.</summary>
    public static async Task EnsureAsync()
    {
        var problem = File.Exists(Path) ? null : await Installation.Value;
        Assert.True(File.Exists(Path), $"{Path} is missing and could not be installed ({problem}): run 'apt-get update && apt-get install -y chromium' as root to run the dashboard's browser tests.");
    }

    private static async Task<string?> InstallAsync()
    {
        try
        {
            await DebianPackages.InstallAsync("chromium", Path, withRecommends: true);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
