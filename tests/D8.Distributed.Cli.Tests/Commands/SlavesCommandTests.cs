using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class SlavesCommandTests
{
    [Fact]
    public async Task AddListRemove_RoundTripThroughSlavesConfigJson()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        var file = data.Combine("slaves", "config.json");

        var added = await cli.RunAsync("slaves", "add", "pc-1", "192.168.1.100", "--port", "7601", "--capability", "gpu", "--capability", "docker");
        Assert.True(added.ExitCode == 0, added.ToString());
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        Assert.Equal("192.168.1.100", (string?)stored["pc-1"]!["host"]);
        Assert.Equal(7601, (int?)stored["pc-1"]!["port"]);
        Assert.Equal("never", (string?)stored["pc-1"]!["last_seen"]);

        var table = await cli.RunAsync("slaves", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("pc-1", table.Output, StringComparison.Ordinal);
        Assert.Contains("192.168.1.100:7601", table.Output, StringComparison.Ordinal);
        Assert.Contains("gpu,docker", table.Output, StringComparison.Ordinal);

        var json = await cli.RunAsync("slaves", "list", "--json");
        var slaves = JsonNode.Parse(json.Output)!.AsArray();
        var slave = Assert.Single(slaves)!;
        Assert.Equal("pc-1", (string?)slave["id"]);
        Assert.Equal(7601, (int?)slave["port"]);
        Assert.Equal("unknown", (string?)slave["status"]);

        var removed = await cli.RunAsync("slaves", "remove", "pc-1");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Empty(JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject());
        Assert.Empty(JsonNode.Parse((await cli.RunAsync("slaves", "list", "--json")).Output)!.AsArray());
    }

    [Fact]
    public async Task List_FileWrittenByThePythonMaster_IsShown()
    {
        using var data = new TempDirectory();
        Directory.CreateDirectory(data.Combine("slaves"));
        await File.WriteAllTextAsync(data.Combine("slaves", "config.json"), """
            {"pc-1":{"host":"192.168.1.100","port":7600,"status":"healthy","install_method":"python","registered_at":"2025-11-20T10:00:00","last_seen":"2025-11-20T10:05:00","commit":"abc1234","version_mismatch":false}}
            """);

        var result = await new CliRunner(data.Path).RunAsync("slaves", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"pc-1\s+192\.168\.1\.100:7600\s+healthy\s+no\s+http\s+abc1234", result.Output);
    }

    [Fact]
    public async Task Add_SameIdTwice_ExitsWith1AndSaysSo()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "pc-1", "10.0.0.1")).ExitCode);

        var again = await cli.RunAsync("slaves", "add", "pc-1", "10.0.0.2");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already registered", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_UnknownId_ExitsWith1()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("slaves", "remove", "nobody");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no slave with id 'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithoutDataDir_UsesD8DataDirFromTheEnvironment()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?> { ["D8_DATA_DIR"] = data.Path });

        var result = await cli.RunRawAsync(["slaves", "add", "pc-9", "10.0.0.9"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(data.Combine("slaves", "config.json")));
    }

    [Fact]
    public async Task Check_LiveSlaveAndDeadOne_ReportsBothAndExitsWith1()
    {
        using var data = new TempDirectory();
        await using var slave = await LoopbackSlave.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?> { ["D8__Master__HealthCheckTimeout"] = "00:00:05", ["D8__Master__Resilience__MaxRetryAttempts"] = "0" });
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "live", "127.0.0.1", "--port", slave.Port)).ExitCode);

        var healthy = await cli.RunAsync("slaves", "check", "live", "--json");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Equal("healthy", (string?)JsonNode.Parse(healthy.Output)!.AsArray()[0]!["status"]);

        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "dead", "127.0.0.1", "--port", D8.Testing.Slaves.DeadEndpoints.RefusingPort().ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);
        var all = await cli.RunAsync("slaves", "check");
        Assert.Equal(1, all.ExitCode);
        Assert.Matches(@"live\s+127\.0\.0\.1:\d+\s+healthy", all.Output);
        Assert.Matches(@"dead\s+127\.0\.0\.1:\d+\s+unhealthy", all.Output);
    }

    [Fact]
    public async Task Check_DeadSlave_AsAProcess_SaysItOnceInTheTable_StderrOnlySaysThereIsNoMaster()
    {
        using var data = new TempDirectory();
        var port = D8.Testing.Slaves.DeadEndpoints.RefusingPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await new CliRunner(data.Path).RunAsync("slaves", "add", "dead", "127.0.0.1", "--port", port)).ExitCode);

        await using var check = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>(), "slaves", "check", "--data-dir", data.Path);
        var exitCode = await check.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Matches(@"dead\s+127\.0\.0\.1:\d+\s+unhealthy\s+.*refused", check.Output);
        Assert.True(
            check.Error.Trim() == "d8-master: no master at http://127.0.0.1:1/; working on the data files directly",
            $"stderr should only say that there is no master, the table says the rest:\n{check}");
    }
}
