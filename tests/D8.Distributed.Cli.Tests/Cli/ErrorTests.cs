using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Cli;

/// <summary>A user mistake is one line <c>d8-master: &lt;problem&gt;</c> on standard error, never a stack trace.</summary>
public sealed class ErrorTests : IDisposable
{
    private const string NoMasterNotice = "d8-master: no master at http://127.0.0.1:1/; working on the data files directly";

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task SlavesCheck_UnknownId_Exits1WithOneLineNamingTheId()
    {
        var result = await new CliRunner(_data.Path).RunAsync("slaves", "check", "nope");

        Assert.Equal(1, result.ExitCode);
        // Without a master the verb works on the file and says so first: then the one line of the problem.
        Assert.Equal([NoMasterNotice, "d8-master: No slave with id 'nope' is registered."], Lines(result.Error));
    }

    [Fact]
    public async Task SlavesCheck_UnknownIdWithVerbose_PrintsTheExceptionToo()
    {
        var result = await new CliRunner(_data.Path).RunAsync("slaves", "check", "nope", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{NoMasterNotice}\nd8-master: No slave with id 'nope' is registered.\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("System.Collections.Generic.KeyNotFoundException", result.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7600")]
    [InlineData("127.0.0.1:7600")]
    [InlineData("desk pc")]
    public async Task SlavesAdd_UrlOrBadHost_IsAUsageErrorNamingTheHost(string host)
    {
        var result = await new CliRunner(_data.Path).RunAsync("slaves", "add", "x", host);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"d8-master: '{host}' is not a host name or IP address: give the host alone and the port with --port (slaves add <id> 192.168.1.10 --port 7600)."], Lines(result.Error));
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_data.Combine("slaves", "config.json")), "nothing may be registered");
    }

    [Theory]
    [InlineData("d8-master: 'abc' is not a whole number (--port)", "slaves", "add", "x", "10.0.0.1", "--port", "abc")]
    [InlineData("d8-master: --port 70000 is not a TCP port (1-65535).", "slaves", "add", "x", "10.0.0.1", "--port", "70000")]
    [InlineData("d8-master: 'abc' is not a number (with a dot for decimals: 1.5) (--timeout)", "exec", "--code", "print(1)", "--timeout", "abc")]
    [InlineData("d8-master: '1,5' is not a number (with a dot for decimals: 1.5) (--timeout)", "exec", "--code", "print(1)", "--timeout", "1,5")]
    [InlineData("d8-master: --timeout must be a positive number of seconds.", "exec", "--code", "print(1)", "--timeout", "-1")]
    [InlineData("d8-master: 'two' is not a whole number (--priority)", "requests", "create", "--type", "payment", "--title", "t", "--priority", "two")]
    public async Task BadNumber_IsAUsageErrorInOneLine(string expected, params string[] args)
    {
        var result = await new CliRunner(_data.Path).RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], Lines(result.Error));
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorWithTheVerbsUsage()
    {
        var result = await new CliRunner(_data.Path).RunAsync("slaves", "list", "--prot", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("d8-master: Unrecognized command or argument '--prot'.", result.Error, StringComparison.Ordinal);
        Assert.Contains("d8-master slaves list [options]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptAppSettings_Exits1WithOneLineNamingTheFile()
    {
        await File.WriteAllTextAsync(_data.Combine("appsettings.json"), """{ "D8": { "Master": """);

        var result = await new CliRunner(_data.Path).RunAsync("slaves", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("d8-master: ", line, StringComparison.Ordinal);
        Assert.Contains(_data.Combine("appsettings.json"), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableTokenFile_Exits1WithOneLineNamingTheVariableAndTheFile()
    {
        var missing = _data.Combine("no-such-token");

        var result = await new CliRunner(_data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN_FILE"] = missing }).RunAsync("slaves", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith($"d8-master: SLAVE_TOKEN_FILE names '{missing}', which cannot be read", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DashboardEnabledNotABoolean_Exits1NamingTheKey()
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "t", ["D8__Dashboard__Enabled"] = "off" });

        var result = await cli.RunAsync("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["d8-master: D8:Dashboard:Enabled: 'off' is not true or false"], Lines(result.Error));
    }

    public void Dispose() => _data.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
