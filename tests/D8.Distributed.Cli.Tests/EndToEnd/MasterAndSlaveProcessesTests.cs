using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Testing.Telegram;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>d8-slave and d8-master run as real processes on loopback, with the fake Telegram Bot API server.</summary>
public sealed partial class MasterAndSlaveProcessesTests
{
    private const long OwnerChat = 777;
    private const string Token = "e2e-slave-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SlaveAndMasterProcesses_TaskRuns_RequestReachesTelegram_AprobarApprovesIt_SigtermStopsCleanly()
    {
        Requirements.Python3();
        using var data = new TempDirectory();
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = Token });

        // 1. A slave process, registered through the CLI into slaves/config.json.
        await using var slave = SampleProcess.Start("D8.Slave.Sample", "d8-slave", new Dictionary<string, string> { ["SLAVE_TOKEN"] = Token },
            "--host", "127.0.0.1", "--port", "0");
        var slaveAddress = new Uri(await slave.WaitForLineAsync(ListeningLine(), StartTimeout));
        var added = await cli.RunAsync("slaves", "add", "worker", "127.0.0.1", "--port", slaveAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(added.ExitCode == 0, added.ToString());

        // 2. The master process: the registry file, the health monitor, the Telegram bot against the fake server.
        await using var master = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = Token,
            ["D8_DATA_DIR"] = data.Path,
            ["TELEGRAM_TOKEN"] = telegram.Token,
            ["TELEGRAM_CHAT_ID"] = OwnerChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["D8__Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["D8__Telegram__PollingTimeout"] = "00:00:01",
            ["D8__HumanRequests__PollInterval"] = "00:00:00.200",
            ["D8__Dashboard__Port"] = "0",
        }, "run");
        await master.WaitForLineAsync(RunningLine(), StartTimeout);
        await Poll.UntilAsync(
            async () => (string?)JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("slaves", "config.json")))!["worker"]!["status"] == "healthy",
            "the master's health monitor to mark the slave healthy",
            StartTimeout);

        // 3. A task executes on the slave process.
        var exec = await cli.RunAsync("exec", "--code", "print(6*7)");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal("42\n", exec.Output);

        // 4. A request created through the CLI reaches the owner's chat through the running master.
        var created = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Comprar dominio d8-e2e.com", "--cost", "45", "--priority", "8");
        Assert.True(created.ExitCode == 0, created.ToString());
        var message = await telegram.WaitForMessageAsync(OwnerChat, m => m.Text.Contains("req-0001", StringComparison.Ordinal), StartTimeout);
        Assert.Contains("Comprar dominio d8-e2e.com", message.Text, StringComparison.Ordinal);

        // 5. /aprobar from that chat approves it in the store.
        telegram.EnqueueMessage(OwnerChat, "/aprobar req-0001");
        await Poll.UntilAsync(
            async () => JsonNode.Parse((await cli.RunAsync("requests", "show", "req-0001", "--json")).Output)!["status"]!.GetValue<string>() == "approved",
            "req-0001 to be approved from Telegram",
            StartTimeout);
        var shown = JsonNode.Parse((await cli.RunAsync("requests", "show", "req-0001", "--json")).Output)!;
        Assert.StartsWith("telegram:", (string?)shown["history"]!.AsArray()[^1]!["actor"], StringComparison.Ordinal);

        // 6. SIGTERM (systemctl stop) stops the master cleanly.
        var exitCode = await master.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"d8-master exited with {exitCode}\n{master}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"d8-master: running")]
    private static partial Regex RunningLine();
}
