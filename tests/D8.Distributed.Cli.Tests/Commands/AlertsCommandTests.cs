using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

/// <summary><c>d8-master alerts</c> on the data files (no master running): the alerts of <c>requests.json</c>, newest first.</summary>
public sealed class AlertsCommandTests
{
    private const string File = """
        {
          "counter": 0,
          "requests": [],
          "alerts": [
            {"id": "a1", "source": "slave", "kind": "down", "subject": "pi-worker", "text": "Slave pi-worker is down: no answer", "fields": {"current_status": "unhealthy"},
             "created_at": "2026-12-01T10:00:00+00:00", "delivered": true, "attempts": 0, "next_attempt_at": null, "delivered_to": ["telegram"], "last_error": null},
            {"id": "a2", "source": "slave", "kind": "recovered", "subject": "pi-worker", "text": "Slave pi-worker recovered",
             "created_at": "2026-12-01T10:05:00+00:00", "delivered": false, "attempts": 2, "next_attempt_at": "2026-12-01T10:09:00+00:00", "delivered_to": [], "last_error": "telegram: 502 Bad Gateway"}
          ]
        }
        """;

    [Fact]
    public async Task Alerts_TableAndJson_NewestFirstWithTheirDelivery()
    {
        using var data = new TempDirectory();
        Directory.CreateDirectory(data.Combine("human_requests"));
        await System.IO.File.WriteAllTextAsync(data.Combine("human_requests", "requests.json"), File);
        var cli = new CliRunner(data.Path);

        var table = await cli.RunAsync("alerts");
        var json = await cli.RunAsync("alerts", "--json", "--limit", "1");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Array.FindIndex(lines, line => line.StartsWith("RAISED", StringComparison.Ordinal));
        Assert.True(header >= 0, table.ToString());
        Assert.Contains("recovered", lines[header + 1], StringComparison.Ordinal);
        Assert.Contains("not sent (2 failed: telegram: 502 Bad Gateway)", lines[header + 1], StringComparison.Ordinal);
        Assert.Contains("down", lines[header + 2], StringComparison.Ordinal);
        Assert.Contains("sent", lines[header + 2], StringComparison.Ordinal);
        Assert.Contains("working on the data files directly", table.Error, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var alert = Assert.Single(JsonNode.Parse(json.Output)!.AsArray())!;
        Assert.Equal(("a2", "recovered", false, 2), ((string?)alert["alert_id"], (string?)alert["kind"], (bool?)alert["delivered"], (int?)alert["attempts"]));
    }

    [Fact]
    public async Task Alerts_None_SaysSo_AndABadLimitIsRefused()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var none = await cli.RunAsync("alerts");
        var bad = await cli.RunAsync("alerts", "--limit", "0");

        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("No alerts.", none.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--limit 0 is not 1-500.", bad.Error, StringComparison.Ordinal);
    }
}
