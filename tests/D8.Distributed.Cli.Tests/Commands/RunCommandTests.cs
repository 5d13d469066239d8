using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_SlaveFromRegistryFile_IsMonitoredUntilCancelledThenStopsWithExit0()
    {
        using var data = new TempDirectory();
        await using var slave = await LoopbackSlave.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["SLAVE_TOKEN"] = LoopbackSlave.Token,
            ["D8__Master__HealthCheckInterval"] = "00:00:01",
            ["D8__Master__HealthCheckTimeout"] = "00:00:01",
            ["D8__Dashboard__Port"] = "0",
        });
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "loop", "127.0.0.1", "--port", slave.Port)).ExitCode);
        using var output = new CapturedOutput();
        using var error = new CapturedOutput();
        using var stop = new CancellationTokenSource();

        var run = cli.RunRawAsync(["run", "--data-dir", data.Path], output.Writer, error.Writer, stop.Token);
        await Poll.UntilAsync(() => run.IsCompleted || output.Text.Contains("d8-master: running", StringComparison.Ordinal), "the master to start");
        Assert.False(run.IsCompleted, $"run ended early:\n{output}\n{error}");
        Assert.Contains("Telegram off", output.Text, StringComparison.Ordinal);
        await Poll.UntilAsync(
            async () => (string?)JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("slaves", "config.json")))!["loop"]!["status"] == "healthy",
            "the health monitor to write the slave as healthy");

        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
    }

    [Fact]
    public async Task Run_Default_HostsTheDashboardShowingTheRegisteredSlave()
    {
        using var data = new TempDirectory();
        await using var slave = await LoopbackSlave.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["SLAVE_TOKEN"] = LoopbackSlave.Token,
            ["D8__Master__HealthCheckInterval"] = "00:00:01",
            ["D8__Master__HealthCheckTimeout"] = "00:00:01",
            ["D8__Dashboard__Port"] = "0",
        });
        var added = await cli.RunAsync("slaves", "add", "desk-pc", "127.0.0.1", "--port", slave.Port);
        Assert.True(added.ExitCode == 0, added.ToString());
        using var output = new CapturedOutput();
        using var error = new CapturedOutput();
        using var stop = new CancellationTokenSource();

        var run = cli.RunRawAsync(["run", "--data-dir", data.Path], output.Writer, error.Writer, stop.Token);
        await Poll.UntilAsync(() => run.IsCompleted || output.Text.Contains("d8-master: dashboard on http://127.0.0.1:", StringComparison.Ordinal), "the dashboard to start");
        Assert.False(run.IsCompleted, $"run ended early:\n{output}\n{error}");
        var line = output.Text.Split('\n').First(l => l.StartsWith("d8-master: dashboard on ", StringComparison.Ordinal));
        var address = new Uri(line["d8-master: dashboard on ".Length..].Split(',')[0].Trim());
        using var client = new HttpClient { BaseAddress = address };

        // No password configured: loopback only, no sign-in; the overview lists the slave from the registry file.
        await Poll.UntilAsync(async () => (await client.GetStringAsync(new Uri("/", UriKind.Relative))).Contains("desk-pc", StringComparison.Ordinal), "the overview to list desk-pc");

        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
    }

    [Fact]
    public async Task Run_WithoutToken_Exits1NamingTheSetting()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SLAVE_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TelegramTokenWithoutChat_Exits1NamingTelegramChatId()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["SLAVE_TOKEN"] = "t",
            ["TELEGRAM_TOKEN"] = "123456:TEST-token",
        });

        var result = await cli.RunAsync("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TELEGRAM_CHAT_ID", result.Error, StringComparison.Ordinal);
    }
}
