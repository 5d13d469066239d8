using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Testing.Slaves;

namespace D8.Distributed.Cli.Tests.Registry;

/// <summary>
/// The acceptance test of the registry's file discipline: <c>d8-master run</c> as a real process sweeping every second,
/// <c>slaves add</c> / <c>slaves remove</c> as further real <c>d8-master</c> processes, and a Python tool taking the same
/// lock (<c>fcntl.flock</c> on <c>config.json.lock</c>) to edit the JSON, all at once, for several rounds. No edit is
/// lost, none comes back, and the slave added through the CLI is monitored by the running master.
/// </summary>
public sealed partial class ConcurrentRegistryEditsTests
{
    private const int Rounds = 3;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Another tool that follows the discipline: lock, read, change one thing, temp file + fsync + rename, unlock.</summary>
    private const string PythonEditor = """
        import fcntl, json, os, sys
        path, round_, dead_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

        def edit(change):
            with open(path + ".lock", "a+") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    with open(path) as f:
                        data = json.load(f)
                    change(data)
                    tmp = os.path.join(os.path.dirname(path), ".config.json.python-editor")
                    with open(tmp, "w") as f:
                        json.dump(data, f, indent=2)
                        f.flush()
                        os.fsync(f.fileno())
                    os.replace(tmp, path)
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

        entry = {"host": "127.0.0.1", "port": dead_port, "status": "unknown", "install_method": "python",
                 "registered_at": "2025-11-20T10:00:00", "last_seen": "never"}
        edit(lambda d: d.__setitem__("py-%d" % round_, dict(entry)))
        edit(lambda d: d.pop("py-%d" % (round_ - 1), None))
        edit(lambda d: d["keep"].__setitem__("round", round_))
        print("edited")
        """;

    [Fact]
    public async Task SlavesAddAndRemove_WhileTheMasterRunsAndAnotherToolEditsTheFile_NoEditLostAndTheAddedSlaveIsMonitored()
    {
        var python = Requirements.Python3();
        using var data = new TempDirectory();
        await using var slave = await LoopbackSlave.StartAsync();
        var file = data.Combine("slaves", "config.json");
        var deadPort = DeadEndpoints.RefusingPort();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var seed = new JsonObject { ["keep"] = Entry(deadPort) };
        seed["keep"]!["notes"] = new JsonObject { ["room"] = "office" };
        for (var round = 1; round <= Rounds; round++)
        {
            seed[$"old-{round}"] = Entry(deadPort);
        }

        seed["py-0"] = Entry(deadPort);
        await File.WriteAllTextAsync(file, seed.ToJsonString());

        await using var master = Start("run", "--data-dir", data.Path);
        await master.WaitForLineAsync(RunningLine(), ProcessTimeout);
        await Poll.UntilAsync(() => Status(file, "old-1") == "unhealthy", "the running master's first sweep", ProcessTimeout);

        for (var round = 1; round <= Rounds; round++)
        {
            var add = RunVerbAsync("slaves", "add", $"cli-{round}", "127.0.0.1", "--port", slave.Port, "--data-dir", data.Path);
            var remove = RunVerbAsync("slaves", "remove", $"old-{round}", "--data-dir", data.Path);
            var edit = RunPythonAsync(python, file, round, deadPort);
            await Task.WhenAll(add, remove, edit);
        }

        // Three sweeps of the running master after the last edit: each rewrites the CLI's slaves' last_seen.
        await Poll.UntilAsync(() => Status(file, $"cli-{Rounds}") == "healthy", "the running master to check the slave the CLI added", ProcessTimeout);
        var seen = new HashSet<string>(StringComparer.Ordinal) { LastSeen(file, $"cli-{Rounds}") };
        await Poll.UntilAsync(
            () =>
            {
                seen.Add(LastSeen(file, $"cli-{Rounds}"));
                return seen.Count > 3;
            },
            "three more sweeps of the running master",
            ProcessTimeout);

        string[] expected = ["cli-1", "cli-2", "cli-3", "keep", $"py-{Rounds}"];
        var written = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        Assert.Equal(expected, written.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(1, Rounds), round => Assert.Equal("healthy", (string?)written[$"cli-{round}"]!["status"]));
        Assert.Equal(Rounds, (int?)written["keep"]!["round"]);
        Assert.Equal("office", (string?)written["keep"]!["notes"]!["room"]);
        Assert.Equal("unhealthy", (string?)written["keep"]!["status"]);

        var list = await RunVerbAsync("slaves", "list", "--json", "--data-dir", data.Path);
        var listed = JsonNode.Parse(list)!.AsArray();
        Assert.Equal(expected, listed.Select(slave => (string)slave!["id"]!));
        Assert.All(listed.Where(s => ((string)s!["id"]!).StartsWith("cli-", StringComparison.Ordinal)), s => Assert.Equal("healthy", (string?)s!["status"]));

        var exitCode = await master.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"d8-master run exited with {exitCode}\n{master}");
    }

    private static JsonObject Entry(int port) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = port,
        ["status"] = "unknown",
        ["install_method"] = "python",
        ["registered_at"] = "2025-11-20T10:00:00",
        ["last_seen"] = "never",
    };

    private static string? Status(string file, string id) =>
        File.Exists(file) ? (string?)JsonNode.Parse(File.ReadAllText(file))![id]?["status"] : null;

    private static string LastSeen(string file, string id) =>
        (string?)JsonNode.Parse(File.ReadAllText(file))![id]?["last_seen"] ?? "gone";

    /// <summary>A d8-master process with the test's settings only (never this machine's D8/SLAVE/TELEGRAM variables).</summary>
    private static SampleProcess Start(params string[] arguments) =>
        SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = LoopbackSlave.Token,
            ["D8__Master__HealthCheckInterval"] = "00:00:01",
            ["D8__Master__HealthCheckTimeout"] = "00:00:01",
            ["D8__Master__Resilience__MaxRetryAttempts"] = "0",

            // The loopback slave runs in this test process, whose commit need not be the d8-master build's.
            ["D8__Master__VersionPolicy"] = "WarnOnly",
            ["D8__Dashboard__Enabled"] = "false",
        }, arguments);

    /// <summary>Runs a one-shot d8-master verb as its own process; returns its output, failing with it on exit code ≠ 0.</summary>
    private static async Task<string> RunVerbAsync(params string[] arguments)
    {
        await using var verb = Start(arguments);
        var exitCode = await verb.WaitForExitAsync(ProcessTimeout);
        Assert.True(exitCode == 0, $"d8-master {string.Join(' ', arguments)} exited with {exitCode}\n{verb}");
        return verb.Output;
    }

    private static async Task RunPythonAsync(string python, string file, int round, int deadPort)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(PythonEditor);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(round.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(deadPort.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ProcessTimeout);
        Assert.True(process.ExitCode == 0, $"the Python editor failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    [GeneratedRegex(@"d8-master: running")]
    private static partial Regex RunningLine();
}
