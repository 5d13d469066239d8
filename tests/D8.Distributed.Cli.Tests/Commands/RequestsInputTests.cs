using System.Globalization;
using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

/// <summary><c>--cost</c> and <c>--for</c> read the grammar of <c>HumanRequestInput</c>, the one the bot and the
/// dashboard read, whatever the machine's culture.</summary>
public sealed class RequestsInputTests
{
    [Theory]
    [InlineData("12.99")]
    [InlineData("12,99")]
    [InlineData("$12.99")]
    public async Task Create_CostInEveryAcceptedForm_IsTheSameAmount(string cost)
    {
        using var data = new TempDirectory();

        var created = await new CliRunner(data.Path).RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--cost", cost, "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(12.99m, (decimal?)JsonNode.Parse(created.Output)!["estimated_cost"]);
    }

    [Fact]
    public async Task Create_CostUnderACommaDecimalCulture_IsReadInvariantly()
    {
        using var data = new TempDirectory();
        var previous = CultureInfo.CurrentCulture;
        CliResult created;
        try
        {
            // es-ES reads "12.99" as 1299 (the dot groups thousands); the CLI must not.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
            created = await new CliRunner(data.Path).RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--cost", "12.99", "--json");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(12.99m, (decimal?)JsonNode.Parse(created.Output)!["estimated_cost"]);
    }

    [Theory]
    [InlineData("1w", 7 * 24)]
    [InlineData("1.02:00:00", 26)]
    [InlineData("90m", 1.5)]
    public async Task Postpone_ForInTheSharedGrammar_PostponesThatLong(string duration, double hours)
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        await cli.RunAsync("requests", "create", "--type", "other", "--title", "Revisar contrato");
        var before = DateTimeOffset.UtcNow;

        var postponed = await cli.RunAsync("requests", "postpone", "req-0001", "--for", duration, "--json");

        Assert.True(postponed.ExitCode == 0, postponed.ToString());
        var until = DateTimeOffset.Parse((string)JsonNode.Parse(postponed.Output)!["postponed_until"]!, CultureInfo.InvariantCulture);
        Assert.InRange(until, before.AddHours(hours).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(hours).AddMinutes(1));
    }

    [Theory]
    [InlineData("requests|create|--type|payment|--title|x|--cost|1,234.50", "1,234.50")]
    [InlineData("requests|create|--type|payment|--title|x|--cost|-5", "-5")]
    [InlineData("requests|create|--type|payment|--title|x|--cost|12.99€", "12.99€")]
    [InlineData("requests|complete|req-0001|--cost|2000000", "2000000")]
    [InlineData("requests|postpone|req-0001|--for|1.5d", "1.5d")]
    [InlineData("requests|postpone|req-0001|--for|30", "'30'")]
    [InlineData("requests|postpone|req-0001|--for|400d", "400d")]
    public async Task BadInput_Exit2NamingTheValue(string commandLine, string value)
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync(commandLine.Split('|'));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(data.Combine("human_requests", "requests.json")));
    }
}
