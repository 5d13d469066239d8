using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Cli;

public sealed class UsageTests
{
    [Fact]
    public async Task NoArguments_Exits2WithHelpListingTheVerbs()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunRawAsync([]);

        Assert.Equal(2, result.ExitCode);
        foreach (var verb in new[] { "run", "demo", "slaves", "exec", "requests" })
        {
            Assert.Contains($"  {verb} ", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownVerb_Exits2WithTheErrorAndHelp()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunRawAsync(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("demo")]
    [InlineData("slaves")]
    [InlineData("slaves list")]
    [InlineData("slaves add")]
    [InlineData("slaves remove")]
    [InlineData("slaves check")]
    [InlineData("exec")]
    [InlineData("requests")]
    [InlineData("requests list")]
    [InlineData("requests show")]
    [InlineData("requests create")]
    [InlineData("requests approve")]
    [InlineData("requests reject")]
    [InlineData("requests postpone")]
    [InlineData("requests complete")]
    public async Task Help_OnEveryVerb_Exits0WithUsage(string verb)
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunRawAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"d8-master {verb}", result.Output, StringComparison.Ordinal);
        Assert.Contains("--data-dir", result.Output, StringComparison.Ordinal);
    }
}
