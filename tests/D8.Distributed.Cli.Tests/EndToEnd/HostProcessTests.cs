using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>The host shape of d8-master and d8-slave, checked on real processes.</summary>
public sealed partial class HostProcessTests : IDisposable
{
    private const string Commit = "c0ffee0123456789abcdef";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _root = new("d8-hosts");

    [Theory]
    [InlineData("run")]
    [InlineData("requests list")]
    public async Task MasterProcess_BadRuleInConfiguration_Exits1WithOneLineNamingTheKey(string verb)
    {
        await using var master = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = "t",
            ["D8__Dashboard__Port"] = "0",
            ["D8__HumanRequests__AutoApprovalRules__0__Name"] = "small-payments",
            ["D8__HumanRequests__AutoApprovalRules__0__MaxCost"] = "20,00",
        }, [.. verb.Split(' '), "--data-dir", _root.Path]);

        var exitCode = await master.WaitForExitAsync(StartTimeout);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{master}");
        Assert.Equal(
            ["d8-master: D8:HumanRequests:AutoApprovalRules:0:MaxCost: '20,00' is not a number (the decimal separator is a dot: 20.00)"],
            master.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("   at ", master.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothHostsCopiedElsewhere_ReadAppSettingsAndVersionInfoBesideTheExecutable_AndAgreeOnTheCommit()
    {
        Requirements.Python3();
        var elsewhere = Directory.CreateDirectory(_root.Combine("current-directory")).FullName;
        var data = _root.Combine("data");

        // The slave's token is only in its appsettings.json: without reading it, it would refuse to start.
        var slaveFolder = SampleProcess.CopyOutput("D8.Slave.Sample", _root.Combine("slave"));
        await File.WriteAllTextAsync(Path.Combine(slaveFolder, "appsettings.json"), """{ "D8": { "Slave": { "AuthToken": "copied-token" } } }""");
        await WriteVersionAsync(slaveFolder, Commit);
        await using var slave = SampleProcess.StartAt(Path.Combine(slaveFolder, "d8-slave.dll"), new Dictionary<string, string>(), elsewhere, "--host", "127.0.0.1", "--port", "0");
        var address = new Uri(await slave.WaitForLineAsync(ListeningLine(), StartTimeout));

        // The master's data directory is only in its appsettings.json.
        var masterFolder = SampleProcess.CopyOutput("D8.Master.Sample", _root.Combine("master"));
        await File.WriteAllTextAsync(Path.Combine(masterFolder, "appsettings.json"), new JsonObject { ["D8"] = new JsonObject { ["Master"] = new JsonObject { ["DataDirectory"] = data } } }.ToJsonString());
        await WriteVersionAsync(masterFolder, Commit);
        var master = Path.Combine(masterFolder, "d8-master.dll");

        var added = await RunAsync(master, elsewhere, "slaves", "add", "worker", "127.0.0.1", "--port", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(File.Exists(Path.Combine(data, "slaves", "config.json")), $"the registry must be in the data directory of the master's appsettings.json\n{added}");

        var healthy = await RunAsync(master, elsewhere, "slaves", "check", "worker", "--json");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        var checkedSlave = JsonNode.Parse(healthy.Output)!.AsArray()[0]!;
        Assert.Equal(("healthy", Commit), ((string?)checkedSlave["status"], (string?)checkedSlave["commit"]));

        // The other side: a master whose version_info.json names another commit sees a mismatch, so the master did read
        // its own file above (with no commit at all it would accept any slave).
        await WriteVersionAsync(masterFolder, "0123456789abcdef");
        var mismatch = await RunAsync(master, elsewhere, "slaves", "check", "worker", "--json");
        Assert.Equal(1, mismatch.ExitCode);
        Assert.Equal("version_mismatch", (string?)JsonNode.Parse(mismatch.Output)!.AsArray()[0]!["status"]);
    }

    [Fact]
    public async Task Run_DashboardDisabled_ListensOnNoPort()
    {
        await using var master = await StartRunAsync(new Dictionary<string, string> { ["D8__Dashboard__Enabled"] = "false" });

        Assert.Empty(ProcessSockets.OpenPorts(master.Id));
        Assert.DoesNotContain("dashboard on", master.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DashboardOnPort0_ListensOnExactlyOnePort()
    {
        // The check of the test above, shown to see a port when there is one.
        await using var master = await StartRunAsync(new Dictionary<string, string> { ["D8__Dashboard__Port"] = "0" });

        var port = Assert.Single(ProcessSockets.OpenPorts(master.Id));
        Assert.StartsWith("tcp 0100007F:", port, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JsonFormatterConfigured_LogsOneJsonObjectPerLine()
    {
        await using var master = await StartRunAsync(new Dictionary<string, string> { ["D8__Dashboard__Enabled"] = "false", ["Logging__Console__FormatterName"] = "json" });

        // The console logger writes on its own thread: wait for a line the master always logs, then read them all.
        await master.WaitForLineAsync(new Regex("\"Message\":\"Health monitor started\""), StartTimeout);
        var logLines = master.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith("d8-master: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logLines);
        Assert.All(logLines, line => Assert.NotNull(JsonNode.Parse(line)!["Category"]));
    }

    [Fact]
    public async Task Run_UnderSystemd_NotifiesReadyThenStoppingAndLogsInSystemdFormat()
    {
        var socketPath = _root.Combine("notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        // SystemdHelpers.IsSystemdService() is true when the parent process is called "systemd": a python3 wrapper of
        // that name stands in for it, and NOTIFY_SOCKET is where systemd listens for Type=notify services.
        await using var master = SampleProcess.StartUnder("systemd", _root.Path, SampleProcess.AssemblyPath("D8.Master.Sample", "d8-master"), new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = socketPath,
            ["SLAVE_TOKEN"] = "t",
            ["D8__Dashboard__Enabled"] = "false",
            ["Logging__Console__FormatterName"] = string.Empty,
        }, "run", "--data-dir", _root.Combine("data"));

        Assert.Equal("READY=1", await ReceiveAsync(socket, master));
        await master.WaitForLineAsync(RunningLine(), StartTimeout);
        await master.WaitForLineAsync(new Regex(@"(?m)^<6>D8\.Distributed\.Core\.Internal\.HealthMonitorService\[\d+\] Health monitor started"), StartTimeout);

        var exitCode = await master.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{master}");
        Assert.Equal("STOPPING=1", await ReceiveAsync(socket, master));
    }

    public void Dispose() => _root.Dispose();

    private async Task<SampleProcess> StartRunAsync(Dictionary<string, string> settings)
    {
        settings["SLAVE_TOKEN"] = "t";
        var master = SampleProcess.Start("D8.Master.Sample", "d8-master", settings, "run", "--data-dir", _root.Combine("data"));
        try
        {
            await master.WaitForLineAsync(RunningLine(), StartTimeout);
            return master;
        }
        catch
        {
            await master.DisposeAsync();
            throw;
        }
    }

    private static async Task<CliResult> RunAsync(string master, string workingDirectory, params string[] args)
    {
        await using var process = SampleProcess.StartAt(master, new Dictionary<string, string>(), workingDirectory, args);
        var exitCode = await process.WaitForExitAsync(StartTimeout);
        return new CliResult(exitCode, process.Output, process.Error);
    }

    private static Task WriteVersionAsync(string folder, string commit) =>
        File.WriteAllTextAsync(Path.Combine(folder, "version_info.json"), $$"""{"commit":"{{commit}}","version":"9.8.7","branch":"copied"}""");

    private static async Task<string> ReceiveAsync(Socket socket, SampleProcess process)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(StartTimeout);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            return Encoding.UTF8.GetString(buffer, 0, received);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing arrived on NOTIFY_SOCKET within {StartTimeout.TotalSeconds} s.\n{process}");
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"d8-master: running")]
    private static partial Regex RunningLine();
}
