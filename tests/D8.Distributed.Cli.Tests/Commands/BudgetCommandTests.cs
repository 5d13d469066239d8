using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class BudgetCommandTests
{
    private static CliRunner WithBudget(TempDirectory data) => new(data.Path, new Dictionary<string, string?>
    {
        ["D8__HumanRequests__Budgets__Monthly"] = "200",
        ["D8__HumanRequests__Budgets__ByType__payment"] = "50.00",
        ["D8__HumanRequests__AutoApprovalRules__0__Name"] = "small-payments",
        ["D8__HumanRequests__AutoApprovalRules__0__Type"] = "payment",
        ["D8__HumanRequests__AutoApprovalRules__0__MaxCost"] = "20.00",
    });

    [Fact]
    public async Task Budget_TableAndJson_ShowTheMonthAgainstTheBudgets()
    {
        using var data = new TempDirectory();
        var cli = WithBudget(data);
        for (var i = 0; i < 3; i++)
        {
            var created = await cli.RunAsync("requests", "create", "--type", "payment", "--title", $"Dominio {i}", "--cost", "19.99");
            Assert.True(created.ExitCode == 0, created.ToString());
        }

        Assert.Equal(0, (await cli.RunAsync("requests", "complete", "req-0001", "--cost", "18")).ExitCode);

        var table = await cli.RunAsync("budget");
        var json = await cli.RunAsync("budget", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("BUDGET   LIMIT   SPENT  LEFT    USED", lines[1]);
        Assert.Equal("overall  200.00  37.99  162.01  18.9 %", lines[2]);
        Assert.Equal("payment  50.00   37.99  12.01   75.9 %", lines[3]);
        Assert.Contains(lines, line => line.StartsWith("MONTH", StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var body = JsonNode.Parse(json.Output)!;
        Assert.Equal(200m, (decimal?)body["monthly_limit"]);
        Assert.Equal(50m, (decimal?)body["type_limits"]!["payment"]);
        var payment = body["current"]!.AsArray().Single(line => (string?)line!["request_type"] == "payment")!;
        Assert.Equal((37.99m, 12.01m), ((decimal?)payment["spent"], (decimal?)payment["remaining"]));
        Assert.Equal(37.99m, (decimal?)body["months"]![0]!["by_type"]!["payment"]);
    }

    [Fact]
    public async Task Budget_NoneConfigured_SaysHowToSetOne()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("budget");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No budget is configured (D8:HumanRequests:Budgets:Monthly", result.Output, StringComparison.Ordinal);
        Assert.Contains("overall  -      0.00", result.Output, StringComparison.Ordinal);
    }
}
