using System.Diagnostics;

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
        if (!File.Exists("/usr/bin/apt-get"))
        {
            return "apt-get is not available";
        }

        if (Environment.UserName != "root")
        {
            return "the tests do not run as root";
        }

        foreach (var arguments in new[] { "update", "install -y chromium" })
        {
            var (exitCode, output) = await RunAsync("apt-get", arguments, TimeSpan.FromMinutes(15));
            if (exitCode != 0)
            {
                return $"apt-get {arguments} exited with {exitCode}: {output[Math.Max(0, output.Length - 500)..]}";
            }
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalMinutes} min");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
