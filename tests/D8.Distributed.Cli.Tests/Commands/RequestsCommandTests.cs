using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class RequestsCommandTests
{
    [Fact]
    public async Task CreateApproveList_Json_IsParseableAndFollowsTheRequest()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var created = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Comprar dominio d8-ai.com",
            "--description", "Niche Discovery", "--cost", "12.99", "--priority", "8", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var request = JsonNode.Parse(created.Output)!;
        Assert.Equal("req-0001", (string?)request["request_id"]);
        Assert.Equal("pending", (string?)request["status"]);
        Assert.Equal("payment", (string?)request["request_type"]);
        Assert.Equal(12.99m, (decimal?)request["estimated_cost"]);

        var approved = await cli.RunAsync("requests", "approve", "req-0001", "--note", "ok", "--json");
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Equal("approved", (string?)JsonNode.Parse(approved.Output)!["status"]);

        var list = await cli.RunAsync("requests", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        var item = Assert.Single(JsonNode.Parse(list.Output)!.AsArray())!;
        Assert.Equal("req-0001", (string?)item["request_id"]);
        Assert.Equal("approved", (string?)item["status"]);
        var history = item["history"]!.AsArray();
        Assert.Equal("cli", (string?)history[^1]!["actor"]);
        Assert.Equal("ok", (string?)history[^1]!["note"]);

        // The store itself: the old format, status written for the old system to read.
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("human_requests", "requests.json")))!;
        Assert.Equal(1, (int?)stored["counter"]);
        Assert.Equal("approved", (string?)stored["requests"]![0]!["status"]);
    }

    [Fact]
    public async Task List_StatusFilterAndTable_ShowOnlyMatchingRequests()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        await cli.RunAsync("requests", "create", "--type", "design_decision", "--title", "Logo A o B");
        await cli.RunAsync("requests", "create", "--type", "other", "--title", "Revisar contrato");
        await cli.RunAsync("requests", "reject", "req-0002", "--note", "no hace falta");

        var pending = await cli.RunAsync("requests", "list", "--status", "pending", "--json");
        var table = await cli.RunAsync("requests", "list");

        Assert.Equal("req-0001", (string?)Assert.Single(JsonNode.Parse(pending.Output)!.AsArray())!["request_id"]);
        Assert.Matches(@"req-0001\s+pending\s+design_decision", table.Output);
        Assert.Matches(@"req-0002\s+rejected\s+other", table.Output);
    }

    [Fact]
    public async Task PostponeCompleteShow_WalkTheStateMachine()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Hosting", "--cost", "5");

        var postponed = await cli.RunAsync("requests", "postpone", "req-0001", "--for", "2h", "--json");
        Assert.Equal("postponed", (string?)JsonNode.Parse(postponed.Output)!["status"]);
        Assert.NotNull(JsonNode.Parse(postponed.Output)!["postponed_until"]);

        Assert.Equal(0, (await cli.RunAsync("requests", "approve", "req-0001")).ExitCode);
        var completed = await cli.RunAsync("requests", "complete", "req-0001", "--cost", "4.50", "--note", "Pagado con PayPal", "--json");
        Assert.True(completed.ExitCode == 0, completed.ToString());
        Assert.Equal("completed", (string?)JsonNode.Parse(completed.Output)!["status"]);
        Assert.Equal(4.50m, (decimal?)JsonNode.Parse(completed.Output)!["actual_cost"]);

        var shown = await cli.RunAsync("requests", "show", "req-0001");
        Assert.Contains("req-0001  completed  payment", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Pagado con PayPal", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MatchingAutoApprovalRuleFromEnvironment_IsApprovedAtOnce()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["D8__HumanRequests__AutoApprovalRules__0__Name"] = "small-payments",
            ["D8__HumanRequests__AutoApprovalRules__0__Type"] = "Payment",
            ["D8__HumanRequests__AutoApprovalRules__0__MaxCost"] = "20.00",
        });

        var result = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--cost", "12.99", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = JsonNode.Parse(result.Output)!;
        Assert.Equal("approved", (string?)request["status"]);
        Assert.Equal("auto:small-payments", (string?)request["history"]!.AsArray()[^1]!["actor"]);
    }

    [Fact]
    public async Task Reject_AlreadyRejected_Exits1NamingRequestAndStatus()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        await cli.RunAsync("requests", "create", "--type", "other", "--title", "x");
        await cli.RunAsync("requests", "reject", "req-0001");

        var again = await cli.RunAsync("requests", "approve", "req-0001");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("req-0001", again.Error, StringComparison.Ordinal);
        Assert.Contains("rejected", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_Exits1()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("requests", "show", "req-0042");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("req-0042", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidPriority_Exits1NamingTheField()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("requests", "create", "--type", "other", "--title", "x", "--priority", "11");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Priority", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("requests|create|--title|no type")]
    [InlineData("requests|create|--type|bribe|--title|x")]
    [InlineData("requests|list|--status|lost")]
    [InlineData("requests|postpone|req-0001|--for|soon")]
    [InlineData("requests|approve")]
    public async Task BadArguments_Exit2WithHelp(string commandLine)
    {
        var args = commandLine.Split('|');
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.NotEmpty(result.Error);
        Assert.False(File.Exists(data.Combine("human_requests", "requests.json")));
    }
}
