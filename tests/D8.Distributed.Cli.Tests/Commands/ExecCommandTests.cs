using System.Globalization;
using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class ExecCommandTests : IAsyncLifetime, IDisposable
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
    public async Task Exec_PrintOnePlusOne_Prints2AndExits0()
    {
        var result = await _cli.RunAsync("exec", "--code", "print(1+1)");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2\n", result.Output);
    }

    [Fact]
    public async Task Exec_FailingScript_Exits1WithItsError()
    {
        var result = await _cli.RunAsync("exec", "--code", "import sys\nprint('before')\nsys.exit('boom: bad input')");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("before\n", result.Output);
        Assert.Contains("boom: bad input", result.Error, StringComparison.Ordinal);
        Assert.Contains("exit code 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_FileOnNamedSlaveWithJson_PrintsParseableResult()
    {
        var script = _data.Combine("task.py");
        await File.WriteAllTextAsync(script, "print(6*7)\n");

        var result = await _cli.RunAsync("exec", "--slave", "loop", "--method", "python", "--timeout", "60", "--file", script, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Output)!;
        Assert.True((bool)json["success"]!);
        Assert.Equal("42\n", (string?)json["output"]);
        Assert.Equal("loop", (string?)json["slave_id"]);
        Assert.Equal("python", (string?)json["method"]);
        Assert.Equal(0, (int?)json["exit_code"]);
    }

    [Fact]
    public async Task Exec_ScriptOverItsTimeout_Exits1AndSaysItTimedOut()
    {
        var result = await _cli.RunAsync("exec", "--timeout", "1", "--code", "import time\ntime.sleep(30)");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_TimeoutWithADecimalPoint_MeansTheSameInASpanishCulture()
    {
        // es-ES reads "1.5" as 15 (the dot groups thousands there): the 10-second script would then finish and pass.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
        try
        {
            var result = await _cli.RunAsync("exec", "--timeout", "1.5", "--code", "import time\ntime.sleep(10)");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task Exec_WrongToken_Exits1NamingTheRefusal()
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "wrong" });

        var result = await cli.RunAsync("exec", "--code", "print(1)");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WithoutToken_Exits1NamingTheSetting()
    {
        var cli = new CliRunner(_data.Path);

        var result = await cli.RunAsync("exec", "--code", "print(1)");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SLAVE_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("exec|--code|print(1)|--file|x.py")]
    [InlineData("exec|--code|print(1)|--method|perl")]
    [InlineData("exec|--code|print(1)|--timeout|-3")]
    public async Task Exec_BadArguments_Exits2WithHelp(string commandLine)
    {
        var args = commandLine.Split('|');
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains("d8-master exec", result.Output, StringComparison.Ordinal);
        Assert.NotEmpty(result.Error);
    }
}
