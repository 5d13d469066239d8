using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.Commands;

/// <summary><c>d8-master run</c> maps the master API next to the dashboard, with the token from D8_API_TOKEN.</summary>
public sealed class RunMasterApiTests
{
    [Fact]
    public async Task Run_WithD8ApiToken_ServesHealthzAndTheApiBehindTheToken()
    {
        using var data = new TempDirectory();
        await using var slave = await LoopbackSlave.StartAsync();
        var cli = new CliRunner(data.Path, new Dictionary<string, string?>
        {
            ["SLAVE_TOKEN"] = LoopbackSlave.Token,
            ["D8_API_TOKEN"] = "operator-token-for-run",
            ["D8__Dashboard__Port"] = "0",
            ["D8__Dashboard__BindAddress"] = "127.0.0.1",
        });
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "desk-pc", "127.0.0.1", "--port", slave.Port)).ExitCode);
        using var output = new CapturedOutput();
        using var error = new CapturedOutput();
        using var stop = new CancellationTokenSource();

        var run = cli.RunRawAsync(["run", "--data-dir", data.Path], output.Writer, error.Writer, stop.Token);
        await Poll.UntilAsync(() => run.IsCompleted || output.Text.Contains("d8-master: dashboard on http://127.0.0.1:", StringComparison.Ordinal), "the web port to start");
        Assert.False(run.IsCompleted, $"run ended early:\n{output}\n{error}");
        var line = output.Text.Split('\n').First(l => l.StartsWith("d8-master: dashboard on ", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri(line["d8-master: dashboard on ".Length..].Split(',')[0].Trim()) };

        var health = await new D8MasterClient(http).GetHealthAsync();
        var refused = await Assert.ThrowsAsync<D8MasterApiException>(() => new D8MasterClient(http, "wrong").ListSlavesAsync());
        var slaves = await new D8MasterClient(http, "operator-token-for-run").ListSlavesAsync();

        Assert.Equal(("ok", "leader"), (health.Status, health.Role));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("desk-pc", Assert.Single(slaves).Id);

        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
    }
}
