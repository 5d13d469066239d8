using D8.Distributed.Cli;
using D8.Distributed.Cli.Internal;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Cli;

public sealed class CliConfigurationTests
{
    [Fact]
    public void Build_LegacyVariables_FillTheD8Settings()
    {
        using var data = new TempDirectory();
        var configuration = CliConfiguration.Build(Context(data.Path, new()
        {
            ["SLAVE_AUTH_TOKEN"] = "legacy-token",
            ["D8_DATA_DIR"] = data.Path,
            ["TELEGRAM_TOKEN"] = "123:abc",
            ["TELEGRAM_CHAT_ID"] = "111, -100222",
        }), dataDirectory: null);

        Assert.Equal("legacy-token", configuration["D8:Master:Token"]);
        Assert.Equal(data.Path, configuration["D8:Master:DataDirectory"]);
        Assert.Equal(data.Path, configuration["D8:HumanRequests:DataDirectory"]);
        Assert.Equal("123:abc", configuration["D8:Telegram:BotToken"]);
        Assert.Equal(["111", "-100222"], configuration.GetSection("D8:Telegram:AuthorizedChatIds").GetChildren().Select(c => c.Value));
        Assert.True(CliConfiguration.HasTelegram(configuration));
    }

    [Fact]
    public void Build_D8VariablesWinOverLegacyOnes_AndDataDirWinsOverBoth()
    {
        using var data = new TempDirectory();
        var configuration = CliConfiguration.Build(Context(data.Path, new()
        {
            ["SLAVE_TOKEN"] = "legacy-token",
            ["D8__Master__Token"] = "d8-token",
            ["D8_DATA_DIR"] = "/legacy/data",
            ["D8__Master__DataDirectory"] = "/d8/data",
        }), dataDirectory: data.Path);

        Assert.Equal("d8-token", configuration["D8:Master:Token"]);
        Assert.Equal(data.Path, configuration["D8:Master:DataDirectory"]);
        Assert.Equal(data.Path, configuration["D8:HumanRequests:DataDirectory"]);
        Assert.False(CliConfiguration.HasTelegram(configuration));
    }

    [Fact]
    public async Task Build_Order_AppSettingsThenLegacyThenEnvironmentThenDataDir()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.Combine("appsettings.json"), """
            { "D8": { "Master": { "Token": "from-appsettings", "HealthCheckInterval": "00:00:45", "DataDirectory": "/from/appsettings" }, "Slave": { "Port": "1" } } }
            """);

        var configuration = CliConfiguration.Build(Context(data.Path, new()
        {
            ["SLAVE_TOKEN"] = "from-legacy",
            ["SLAVE_PORT"] = "2",
            ["D8_DATA_DIR"] = "/from/legacy",
            ["D8__Slave__Port"] = "3",
        }), dataDirectory: data.Path);

        Assert.Equal("00:00:45", configuration["D8:Master:HealthCheckInterval"]);
        Assert.Equal("from-legacy", configuration["D8:Master:Token"]);
        Assert.Equal("3", configuration["D8:Slave:Port"]);
        Assert.Equal(data.Path, configuration["D8:Master:DataDirectory"]);
    }

    [Fact]
    public async Task AppSettingsJson_NextToTheExecutable_IsRead()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.Combine("appsettings.json"), """
            { "D8": { "HumanRequests": { "AutoApprovalRules": [ { "Name": "from-appsettings", "Type": "Payment", "MaxCost": 20.00 } ] } } }
            """);

        var result = await new CliRunner(data.Path).RunAsync("requests", "create", "--type", "payment", "--title", "x", "--cost", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"actor\": \"auto:from-appsettings\"", result.Output, StringComparison.Ordinal);
    }

    private static CliContext Context(string baseDirectory, Dictionary<string, string?> environment) =>
        new(TextWriter.Null, TextWriter.Null, environment, baseDirectory, new D8CommandLineOptions());
}
