using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>The CLI when no master answers: the data files or an in-process task, said once on stderr; tasks verbs fail.</summary>
public sealed class NoMasterTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private LoopbackSlave? _slave;
    private CliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        _slave = await LoopbackSlave.StartAsync();
        _cli = new CliRunner(_data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = LoopbackSlave.Token });
        var added = await _cli.RunAsync("slaves", "add", "loop", "127.0.0.1", "--port", _slave.Port);
        Assert.True(added.ExitCode == 0, added.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_slave is not null)
        {
            await _slave.DisposeAsync();
        }
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Exec_MasterDown_RunsInProcessAndSaysSoOnce()
    {
        var result = await _cli.RunAsync("exec", "--code", "print(1+1)");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2\n", result.Output);
        Assert.Equal("d8-master: no master at http://127.0.0.1:1/; running the task in this process (an in-memory queue, not the master's)\n", result.Error);
        Assert.False(File.Exists(_data.Combine("tasks.db")), "a CLI must never open the master's task store");
    }

    [Fact]
    public async Task ExecDetach_MasterDown_Exits1()
    {
        var result = await _cli.RunAsync("exec", "--detach", "--code", "print(1)");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--detach needs the running master", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tasks", "list")]
    [InlineData("tasks", "show", "abc")]
    [InlineData("tasks", "cancel", "abc")]
    public async Task TasksVerbs_MasterDown_Exit1NamingTheUrl(params string[] verb)
    {
        var result = await _cli.RunAsync(verb);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("d8-master: no master at http://127.0.0.1:1/ (connection refused)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlavesList_MasterDown_WorksOnTheFileAndSaysSoOnce()
    {
        var result = await _cli.RunAsync("slaves", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("loop", result.Output, StringComparison.Ordinal);
        Assert.Equal("d8-master: no master at http://127.0.0.1:1/; working on the data files directly\n", result.Error);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("127.0.0.1:7500")]
    [InlineData("ftp://127.0.0.1:7500")]
    public async Task BadMasterUrl_IsAUsageErrorInOneLine(string url)
    {
        var result = await _cli.RunAsync("--master", url, "slaves", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"d8-master: --master '{url}' is not a master URL: give http(s)://host:port, for example http://127.0.0.1:7500\n", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task BadMasterUrlSetting_IsAUsageErrorNamingTheKey()
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?> { [CliRunner.MasterUrlVariable] = "pi.local" });

        var result = await cli.RunAsync("requests", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("d8-master: D8:Cli:MasterUrl 'pi.local' is not a master URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlavesDrain_MasterDown_WritesTheFlagIntoTheRegistry()
    {
        var drained = await _cli.RunAsync("slaves", "drain", "loop");
        var list = await _cli.RunAsync("slaves", "list", "--json");
        var unknown = await _cli.RunAsync("slaves", "drain", "nope");

        Assert.True(drained.ExitCode == 0, drained.ToString());
        Assert.Contains("\"drained\": true", await File.ReadAllTextAsync(_data.Combine("slaves", "config.json")), StringComparison.Ordinal);
        Assert.Contains("\"drained\": true", list.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.EndsWith("d8-master: No slave with id 'nope' is registered.\n", unknown.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("slaves", "undrain", "loop")).ExitCode);
        Assert.DoesNotContain("drained", await File.ReadAllTextAsync(_data.Combine("slaves", "config.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspeltCliSetting_Exits1NamingTheKey()
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?> { ["D8__Cli__MasterUrll"] = "http://127.0.0.1:7500" });

        var result = await cli.RunAsync("slaves", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("d8-master: D8:Cli:MasterUrll", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsCancel_MasterDown_CancelsInTheFile()
    {
        var created = await _cli.RunAsync("requests", "create", "--type", "other", "--title", "Elegir logo");
        Assert.True(created.ExitCode == 0, created.ToString());

        var cancelled = await _cli.RunAsync("requests", "cancel", "req-0001", "--note", "ya no");
        var again = await _cli.RunAsync("requests", "cancel", "req-0001");

        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.StartsWith("req-0001  cancelled  other", cancelled.Output, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"cancelled\"", await File.ReadAllTextAsync(_data.Combine("human_requests", "requests.json")), StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(2, again.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the notice, then the refusal
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:00:00")]
    public async Task ProbeTimeoutOutOfRange_Exits1NamingTheKey(string value)
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?> { ["D8__Cli__ProbeTimeout"] = value });

        var result = await cli.RunAsync("slaves", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"d8-master: D8:Cli:ProbeTimeout: '{value}' must be more than 0 and at most 00:05:00\n", result.Error);
    }
}
