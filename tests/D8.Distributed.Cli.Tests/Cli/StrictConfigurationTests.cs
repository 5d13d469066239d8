using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Cli;

/// <summary>
/// Acceptance: a bad entry in a list or dictionary, or a misspelt key, stops d8-master at start (exit 1) with one line
/// naming the key, for the long-running `run` and for a one-shot verb alike, instead of the .NET binder's silent drop.
/// </summary>
public sealed class StrictConfigurationTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "D8__HumanRequests__AutoApprovalRules__0__MaxCost", "20,00", "D8:HumanRequests:AutoApprovalRules:0:MaxCost", "'20,00' is not a number" },
        { "D8__HumanRequests__AutoApprovalRules__0__MaxCost", "abc", "D8:HumanRequests:AutoApprovalRules:0:MaxCost", "'abc' is not a number" },
        { "D8__Master__Slaves__pc__Port", "76OO", "D8:Master:Slaves:pc:Port", "'76OO' is not a whole number" },
        { "D8__HumanRequests__AutoApprovalRules__0__Type", "design", "D8:HumanRequests:AutoApprovalRules:0:Type", "'design' is not one of payment, design_decision" },
        { "D8__Master__HealthCheckIntervall", "00:00:05", "D8:Master:HealthCheckIntervall", "no such setting (did you mean D8:Master:HealthCheckInterval?)" },
        { "D8__HumanRequests__AutoApprovalRules__0__MaxCst", "5", "D8:HumanRequests:AutoApprovalRules:0:MaxCst", "no such setting (did you mean D8:HumanRequests:AutoApprovalRules:0:MaxCost?)" },
        { "D8__Mastr__Token", "t", "D8:Mastr", "no such section (did you mean D8:Master?)" },
        { "D8__Telgram__BotToken", "1:x", "D8:Telgram", "no such section (did you mean D8:Telegram?)" },
        { "D8__Telegram__BotTokn", "1:x", "D8:Telegram:BotTokn", "no such setting (did you mean D8:Telegram:BotToken?)" },
        { "D8__Telegram__EnablePolling", "yes", "D8:Telegram:EnablePolling", "'yes' is not true or false" },
        { "TELEGRAM_CHAT_ID", "42,abc", "TELEGRAM_CHAT_ID", "'abc' is not a chat id (whole numbers, separated by commas: 111,-100222)" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task OneShotVerb_BadSetting_Exits1WithOneLineNamingTheKey(string variable, string value, string key, string problem)
    {
        var result = await Cli(variable, value).RunAsync("requests", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"d8-master: {key}: {problem}"], Lines(result.Error).Select(line => line[..Math.Min(line.Length, $"d8-master: {key}: {problem}".Length)]));
        Assert.Empty(result.Output);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Run_BadSetting_Exits1WithOneLineNamingTheKey(string variable, string value, string key, string problem)
    {
        var result = await Cli(variable, value).RunAsync("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"d8-master: {key}: {problem}"], Lines(result.Error).Select(line => line[..Math.Min(line.Length, $"d8-master: {key}: {problem}".Length)]));
        Assert.DoesNotContain("d8-master: running", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettingsJson_BadRule_Exits1NamingTheKey()
    {
        await File.WriteAllTextAsync(_data.Combine("appsettings.json"), """
            { "D8": { "HumanRequests": { "AutoApprovalRules": [ { "Name": "ok", "Type": "payment", "MaxCost": 5 }, { "Name": "bad", "Type": "payment", "MaxCost": "20,00" } ] } } }
            """);

        var result = await new CliRunner(_data.Path).RunAsync("requests", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["d8-master: D8:HumanRequests:AutoApprovalRules:1:MaxCost: '20,00' is not a number (the decimal separator is a dot: 20.00)"], Lines(result.Error));
    }

    [Fact]
    public async Task AppSettingsJson_SectionsOfEveryPackage_AreAccepted()
    {
        // One appsettings.json may serve the master and a slave: D8:Slave is not d8-master's, but no typo either.
        await File.WriteAllTextAsync(_data.Combine("appsettings.json"), """
            { "D8": { "Master": { "Token": "t" }, "Slave": { "Port": 7601, "Capabilities": [ "gpu" ] }, "HumanRequests": {}, "Telegram": { "Language": "en" }, "Dashboard": { "Port": 0 } } }
            """);

        var result = await new CliRunner(_data.Path).RunAsync("requests", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task SeveralBadSettings_EachGetsItsOwnLine()
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?>
        {
            ["D8__Master__Slaves__pc__Host"] = "10.0.0.1",
            ["D8__Master__Slaves__pc__Port"] = "76OO",
            ["D8__HumanRequests__PollInterval"] = "soon",
        });

        var result = await cli.RunAsync("slaves", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["d8-master: D8:HumanRequests:PollInterval: 'soon' is not a duration", "d8-master: D8:Master:Slaves:pc:Port: '76OO' is not a whole number"],
            Lines(result.Error).Select(line => line.Split(" (", 2)[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("design_decision")]
    [InlineData("DesignDecision")]
    public async Task RuleTypeSnakeCase_IsAcceptedAndTheRuleApproves(string type)
    {
        var cli = new CliRunner(_data.Path, new Dictionary<string, string?>
        {
            ["D8__HumanRequests__AutoApprovalRules__0__Name"] = "designs",
            ["D8__HumanRequests__AutoApprovalRules__0__Type"] = type,
        });

        var designs = await cli.RunAsync("requests", "create", "--type", "design_decision", "--title", "Logo A or B", "--json");
        var payment = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Domain", "--json");

        Assert.True(designs.ExitCode == 0, designs.ToString());
        Assert.Equal("approved", (string?)JsonNode.Parse(designs.Output)!["status"]);
        Assert.Equal("auto:designs", (string?)JsonNode.Parse(designs.Output)!["history"]!.AsArray()[^1]!["actor"]);
        Assert.Equal("pending", (string?)JsonNode.Parse(payment.Output)!["status"]);
    }

    [Fact]
    public async Task Run_WithoutToken_Exits1NamingTheSettingWhateverTheMachineExports()
    {
        // The packages read no environment variable: only the CliRunner's (empty) environment counts, so a SLAVE_TOKEN
        // exported on this machine cannot make this pass or fail.
        var result = await new CliRunner(_data.Path).RunAsync("run");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains("D8:Master:Token", line, StringComparison.Ordinal);
        Assert.Contains("SLAVE_TOKEN", line, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private CliRunner Cli(string variable, string value) => new(_data.Path, new Dictionary<string, string?>
    {
        ["SLAVE_TOKEN"] = "t",
        ["D8__Dashboard__Port"] = "0",
        ["D8__Master__Slaves__pc__Host"] = "10.0.0.1",
        ["D8__HumanRequests__AutoApprovalRules__0__Name"] = "small-payments",
        ["D8__HumanRequests__AutoApprovalRules__0__Type"] = "payment",
        [variable] = value,
    });

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
