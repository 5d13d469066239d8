using D8.Distributed.Cli;
using D8.Distributed.Cli.Internal;
using D8.Distributed.Cli.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

    [Fact]
    public void AddTelegram_TokenConfigured_RunsConfigureTelegram()
    {
        var builder = Builder(new() { ["D8:Telegram:BotToken"] = "1:x" });
        var called = false;

        var added = CliConfiguration.AddTelegram(builder, _ => called = true);

        Assert.True(added);
        Assert.True(called);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddTelegram_NotAdded_BindsD8TelegramStrictly(bool tokenButNoConfigureTelegram)
    {
        var settings = new Dictionary<string, string?> { ["D8:Telegram:BotTokn"] = "1:x" };
        if (tokenButNoConfigureTelegram)
        {
            settings["D8:Telegram:BotToken"] = "1:x";
        }

        var builder = Builder(settings);

        var error = Assert.Throws<OptionsValidationException>(() => CliConfiguration.AddTelegram(builder, configureTelegram: tokenButNoConfigureTelegram ? null : _ => Assert.Fail("added without a token")));

        Assert.Equal(["D8:Telegram:BotTokn: no such setting (did you mean D8:Telegram:BotToken?)"], error.Failures);
    }

    [Fact]
    public void AddTelegram_NotAddedAndSectionFine_ReturnsFalse()
    {
        var builder = Builder(new() { ["D8:Telegram:Language"] = "en", ["D8:Telegram:AuthorizedChatIds:0"] = "42" });

        Assert.False(CliConfiguration.AddTelegram(builder, _ => Assert.Fail("added without a token")));
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static CliContext Context(string baseDirectory, Dictionary<string, string?> environment) =>
        new(TextWriter.Null, TextWriter.Null, environment, baseDirectory, new D8CommandLineOptions());
}
