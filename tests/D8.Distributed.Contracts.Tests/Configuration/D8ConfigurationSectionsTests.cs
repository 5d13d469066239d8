using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts.Tests.Configuration;

public sealed class D8ConfigurationSectionsTests
{
    [Fact]
    public void FindUnknown_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>("configuration", () => D8ConfigurationSections.FindUnknown(null!));
    }

    [Fact]
    public void FindUnknown_EveryPackageSectionInAnyCase_IsAccepted()
    {
        var configuration = Build(new()
        {
            ["D8:Master:Token"] = "t",
            ["D8:slave:Port"] = "7600",
            ["D8:HUMANREQUESTS:PollInterval"] = "00:00:05",
            ["D8:Telegram:BotToken"] = "1:x",
            ["D8:Dashboard:Enabled"] = "false",
            ["D8:Cli:ApiToken"] = "operator-token",
            ["D8_DATA_DIR"] = "/srv/d8",
            ["Logging:LogLevel:Default"] = "Information",
        });

        Assert.Empty(D8ConfigurationSections.FindUnknown(configuration));
        Assert.Equal(["Master", "Slave", "HumanRequests", "Telegram", "Dashboard", "Cli", "PostgreSql"], D8ConfigurationSections.Names);
    }

    [Theory]
    [InlineData("D8:Mastr:Token", "D8:Mastr: no such section (did you mean D8:Master?)")]
    [InlineData("D8:Telgram:BotToken", "D8:Telgram: no such section (did you mean D8:Telegram?)")]
    [InlineData("D8:Slaves:Port", "D8:Slaves: no such section (did you mean D8:Slave?)")]
    [InlineData("D8:Human:DataDirectory", "D8:Human: no such section (did you mean D8:HumanRequests?)")]
    [InlineData("D8:Token", "D8:Token: no such section (D8 has Master, Slave, HumanRequests, Telegram, Dashboard, Cli, PostgreSql)")]
    public void FindUnknown_MisspeltSection_NamesItWithTheClosestName(string key, string expected)
    {
        var configuration = Build(new() { ["D8:Master:Token"] = "t", [key] = "x" });

        Assert.Equal([expected], D8ConfigurationSections.FindUnknown(configuration));
    }

    [Fact]
    public void FindUnknown_SeveralUnknown_OneLineEach()
    {
        var configuration = Build(new() { ["D8:Mastr:Token"] = "t", ["D8:Dashbord:Port"] = "0" });

        Assert.Equal(2, D8ConfigurationSections.FindUnknown(configuration).Count);
    }

    private static IConfigurationRoot Build(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
