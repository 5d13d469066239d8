using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace D8.Distributed.Slave.Tests.Sample;

/// <summary>The built d8-slave sample host, run as a real process.</summary>
public sealed partial class SlaveHostProcessTests
{
    [Fact]
    public async Task Run_WithoutToken_ExitsWithCode2AndSaysHowToSetOne()
    {
        using var process = Start(token: null, "--port", "0", "--host", "127.0.0.1");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.Contains("SLAVE_TOKEN", message, StringComparison.Ordinal);
        Assert.Contains("D8:Slave:AuthToken", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidPort_ExitsWithCode2()
    {
        using var process = Start(token: "t", "--port", "seventy");
        var stderr = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("D8:Slave:Port", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithSlaveToken_ServesHealthAndExecute()
    {
        Requirements.Python3();
        using var process = Start(token: "host-token", "--host", "127.0.0.1", "--port", "0");
        try
        {
            var address = await ReadListeningAddressAsync(process);
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var health = await client.GetStringAsync("/api/health");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/execute") { Content = new StringContent("""{"command":"print(6*7)"}""", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "host-token");
            using var response = await client.SendAsync(request);

            Assert.Contains("\"status\":\"healthy\"", health, StringComparison.Ordinal);
            Assert.Contains("\"output\":\"42\\n\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // SIGTERM (what systemd and docker send) stops the host gracefully.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<string> ReadListeningAddressAsync(Process process)
    {
        var seen = new StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            seen.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"d8-slave exited ({process.ExitCode}) without listening. Output:\n{seen}\nErrors:\n{await process.StandardError.ReadToEndAsync()}");
    }

    private static Process Start(string? token, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleAssembly());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only the child's environment is changed: never this (parallel) test process's.
        foreach (var name in new[] { "SLAVE_TOKEN", "SLAVE_AUTH_TOKEN", "D8__Slave__AuthToken", "SLAVE_HOST", "SLAVE_PORT", "ASPNETCORE_URLS", "DOTNET_URLS" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";
        if (token is not null)
        {
            info.Environment["SLAVE_TOKEN"] = token;
        }

        return Process.Start(info)!;
    }

    /// <summary>The d8-slave.dll built next to this test assembly's configuration (the test project references the sample).</summary>
    private static string SampleAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = directory.Name;
        var configuration = directory.Parent!.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null ? null : Path.Combine(directory.FullName, "samples", "D8.Slave.Sample", "bin", configuration, framework, "d8-slave.dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"d8-slave.dll was not found at '{path}': build samples/D8.Slave.Sample ({configuration}) first.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
