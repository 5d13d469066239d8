using System.Text.Json.Nodes;
using D8.HumanRequests.Tests.Support;
using D8.Testing;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestOptionsTests
{
    private static NewHumanRequest Design() => Requests.Design() with { Options = ["A", "B", "C"] };

    [Fact]
    public async Task ChooseAsync_OptionB_ApprovesRecordsBAndTheWaiterGetsB()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var created = await host.Manager.CreateAsync(Design());
        var waiter = host.Manager.WaitForDecisionAsync(created.Id, TimeSpan.FromMinutes(1));

        var chosen = await host.Manager.ChooseAsync(created.Id, "b", "telegram:1", "me gusta");

        Assert.Equal(["A", "B", "C"], created.Options);
        Assert.Equal((HumanRequestStatus.Approved, "B"), (chosen.Status, chosen.ChosenOption));
        Assert.Equal("B", (await waiter).ChosenOption);
        Assert.Equal("Aprobado por telegram:1: me gusta\nOpción elegida: B", chosen.Notes);
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(host.FilePath))!["requests"]![0]!;
        Assert.Equal(["A", "B", "C"], stored["options"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("B", stored["chosen_option"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChooseAsync_NotAnOption_IsRefusedNamingTheOptionsAndChangesNothing()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var created = await host.Manager.CreateAsync(Design());

        var error = await Assert.ThrowsAsync<HumanRequestValidationException>(() => host.Manager.ChooseAsync(created.Id, "D", "cli"));

        Assert.Contains("'D' is not an option of req-0001: choose one of A, B, C.", error.Message, StringComparison.Ordinal);
        Assert.Equal(HumanRequestStatus.Pending, (await host.Manager.GetAsync(created.Id)).Status);
    }

    [Theory]
    [InlineData(new[] { "A", "a" }, "appears twice")]
    [InlineData(new[] { "A", " " }, "empty option")]
    [InlineData(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" }, "at most 10")]
    public async Task CreateAsync_BadOptions_AreRefusedNamingTheField(string[] options, string expected)
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        var error = await Assert.ThrowsAsync<HumanRequestValidationException>(() => host.Manager.CreateAsync(Requests.Design() with { Options = options }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("Options", error.ParamName);
    }

    [Fact]
    public async Task WrittenFileWithOptionsAndBudgetAlerts_LoadsInPythonLikeTheOldSystem()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        await using (var host = await TestHost.StartAsync(dir.Path, runHostedServices: false, configure: o => o.Budgets.ByType[HumanRequestType.DesignDecision] = 10m))
        {
            var created = await host.Manager.CreateAsync(Design() with { EstimatedCost = 9m });
            await host.Manager.ChooseAsync(created.Id, "C", "cli");
        }

        const string script = """
            import json, sys
            from datetime import datetime
            with open(sys.argv[1]) as f:
                data = json.load(f)
            for r in data["requests"]:
                for k in ("created_at", "approved_at", "completed_at"):
                    if r[k] is not None:
                        datetime.fromisoformat(r[k])
            last = data["requests"][-1]
            print(data["counter"], last["status"], last["request_type"], last["notes"].splitlines()[-1], len(last["budget_alerts"]))
            """;
        var output = await PythonScript.RunAsync(python, script, path);

        Assert.Equal("6 approved design_decision Opción elegida: C 1", output);
    }
}
