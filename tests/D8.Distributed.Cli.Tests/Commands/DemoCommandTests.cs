using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Testing.Telegram;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_WithDataDir_RunsEveryStepAndExits0()
    {
        Requirements.Python3();
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Slave started in-process at http://127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Registered 'demo-slave'", result.Output, StringComparison.Ordinal);
        Assert.Contains("Health check: healthy", result.Output, StringComparison.Ordinal);
        Assert.Contains(": 6 * 7 = 42", result.Output, StringComparison.Ordinal);
        Assert.Contains("Queued 5 tasks at once on the one-slot slave", result.Output, StringComparison.Ordinal);
        Assert.Contains(": alert (9) → report (5) → invoice (5) → backup (2) → cleanup (2)", result.Output, StringComparison.Ordinal);
        Assert.Contains("req-0001 \"Comprar dominio d8-demo.com\" (12.99): approved by auto:payments-up-to-20", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Telegram", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);

        // What it did is in the data directory, in the old formats.
        Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("slaves", "config.json")))!["demo-slave"]);
        Assert.Equal("approved", (string?)JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("human_requests", "requests.json")))!["requests"]![0]!["status"]);
    }

    [Fact]
    public async Task Demo_TwiceOnTheSameDataDir_Exits0BothTimes()
    {
        Requirements.Python3();
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        Assert.Equal(0, (await cli.RunAsync("demo")).ExitCode);
        var second = await cli.RunAsync("demo");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("req-0002", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithoutDataDir_WorksInATemporaryDirectoryAndDeletesIt()
    {
        Requirements.Python3();
        using var baseDirectory = new TempDirectory();

        var result = await new CliRunner(baseDirectory.Path).RunRawAsync(["demo"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var dataDirectory = DataDirectoryLine().Match(result.Output).Groups[1].Value;
        Assert.Contains("d8-demo-", dataDirectory, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), $"{dataDirectory} should have been deleted");
    }

    [Fact]
    public async Task Demo_WithTelegramConfigured_SendsTheRequestToTheChat()
    {
        Requirements.Python3();
        using var data = new TempDirectory();
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["TELEGRAM_TOKEN"] = telegram.Token,
            ["TELEGRAM_CHAT_ID"] = "4242",
            ["D8__Telegram__ApiBaseUrl"] = telegram.BaseUrl,
        });

        var result = await cli.RunAsync("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Telegram: the owner was told about the request", result.Output, StringComparison.Ordinal);
        var message = await telegram.WaitForMessageAsync(4242);
        Assert.Contains("Comprar dominio d8-demo.com", message.Text, StringComparison.Ordinal);
        Assert.Equal(0, telegram.CountCalls("getUpdates")); // the demo only sends: a running master may be polling
    }

    [GeneratedRegex(@"Data directory (\S+);")]
    private static partial Regex DataDirectoryLine();
}
