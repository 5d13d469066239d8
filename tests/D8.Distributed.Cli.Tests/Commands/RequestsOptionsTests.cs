using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class RequestsOptionsTests
{
    [Fact]
    public async Task CreateWithOptions_ApproveWithOption_RecordsTheChoice()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var created = await cli.RunAsync("requests", "create", "--type", "design_decision", "--title", "Logo", "--option", "A", "--option", "B", "--option", "C", "--json");
        var wrong = await cli.RunAsync("requests", "approve", "req-0001", "--option", "D");
        var approved = await cli.RunAsync("requests", "approve", "req-0001", "--option", "B", "--json");
        var shown = await cli.RunAsync("requests", "show", "req-0001");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(["A", "B", "C"], JsonNode.Parse(created.Output)!["options"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("'D' is not an option of req-0001: choose one of A, B, C.", wrong.Error, StringComparison.Ordinal);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        var body = JsonNode.Parse(approved.Output)!;
        Assert.Equal(("approved", "B"), ((string?)body["status"], (string?)body["chosen_option"]));
        Assert.Contains("options:     A, B, C (chosen: B)", shown.Output, StringComparison.Ordinal);
    }
}
