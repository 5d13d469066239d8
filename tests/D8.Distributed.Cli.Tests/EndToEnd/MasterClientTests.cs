using System.Globalization;
using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>The CLI as a client of a running <c>d8-master run</c> process, with a real one-slot slave process.</summary>
public sealed class MasterClientTests(RunningMaster master) : IClassFixture<RunningMaster>
{
    private readonly CliRunner _cli = master.Cli;

    [Fact]
    public async Task Exec_WithMaster_PrintsTheOutputWithoutNotice_AndTheTaskIsInTasksList()
    {
        var result = await _cli.RunAsync("exec", "--code", "print(6*7)");

        Assert.True(result.ExitCode == 0, $"{result}\n{master}");
        Assert.Equal("42\n", result.Output);
        Assert.Equal(string.Empty, result.Error);
        var list = await _cli.RunAsync("tasks", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var task = JsonNode.Parse(list.Output)!.AsArray().Single(node => (string?)node!["output"] == "42\n" && (string?)node["command"] == "print(6*7)")!;
        Assert.Equal("succeeded", (string?)task["status"]);
        Assert.Equal("cli", (string?)task["submitted_by"]);
        Assert.Equal(RunningMaster.SlaveId, (string?)task["slave_id"]);
    }

    [Fact]
    public async Task ExecDetach_ThenTasksWait_PrintsOnlyTheId_ThenTheOutput_ExitMirrorsSuccess()
    {
        var ok = await _cli.RunAsync("exec", "--detach", "--code", "print('hola')");
        var failing = await _cli.RunAsync("exec", "--detach", "--code", "import sys\nprint('before')\nsys.exit(3)");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        var okId = ok.Output.Trim();
        Assert.Matches("^[A-Za-z0-9._-]+$", okId);
        var waited = await _cli.RunAsync("tasks", "wait", okId);
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("hola\n", waited.Output);

        var failed = await _cli.RunAsync("tasks", "wait", failing.Output.Trim());
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("before\n", failed.Output);
        Assert.Contains($"task {failing.Output.Trim()} failed on {RunningMaster.SlaveId} (exit code 3)", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksShow_PrintsEveryFieldAndTheOutput_JsonHasThem()
    {
        var id = (await _cli.RunAsync("exec", "--detach", "--type", "report", "--priority", "7", "--env", "GREETING=hola", "--timeout", "60",
            "--code", "import os\nprint(os.environ['GREETING'])")).Output.Trim();
        Assert.Equal(0, (await _cli.RunAsync("tasks", "wait", id)).ExitCode);

        var shown = await _cli.RunAsync("tasks", "show", id);
        var json = JsonNode.Parse((await _cli.RunAsync("tasks", "show", id, "--json")).Output)!;

        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.StartsWith($"{id}  succeeded  report  priority 7", shown.Output, StringComparison.Ordinal);
        Assert.Contains("GREETING", shown.Output, StringComparison.Ordinal);
        Assert.Contains("  output:\n    hola\n", shown.Output, StringComparison.Ordinal);
        Assert.Contains($"slave:        {RunningMaster.SlaveId}", shown.Output, StringComparison.Ordinal);
        Assert.Equal(7, (int?)json["priority"]);
        Assert.Equal("report", (string?)json["task_type"]);
        Assert.Equal(60, (double?)json["timeout_seconds"]);
        Assert.Equal(["GREETING"], json["env_names"]!.AsArray().Select(node => (string?)node));
        Assert.Equal("hola\n", (string?)json["output"]);
    }

    [Fact]
    public async Task TasksCancel_QueuedTask_CancelsIt_AgainExits1NamingItsStatus()
    {
        // No slave has this capability: the task waits in the queue.
        var id = (await _cli.RunAsync("exec", "--detach", "--capability", "quantum", "--code", "print(1)")).Output.Trim();
        Assert.Equal("queued", (string?)JsonNode.Parse((await _cli.RunAsync("tasks", "show", id, "--json")).Output)!["status"]);

        var cancelled = await _cli.RunAsync("tasks", "cancel", id);
        var again = await _cli.RunAsync("tasks", "cancel", id);

        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Contains($"Cancelled task {id}", cancelled.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"d8-master: task {id} is already cancelled: there is nothing to cancel\n", again.Error);
        Assert.Equal("cancelled", (await master.Client.GetTaskAsync(id)).Status);
    }

    [Fact]
    public async Task Exec_CancelledWhileWaiting_LeavesTheTaskRunningAndSaysHowToWaitAgain()
    {
        var release = Path.Combine(master.Scratch, $"release-{Guid.NewGuid():N}");
        var code = $"import os, time\nwhile not os.path.exists('{release}'):\n    time.sleep(0.02)\nprint('released')";
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var ctrlC = new CancellationTokenSource();
        var exec = _cli.RunRawAsync(["exec", "--code", code, "--data-dir", _cli.DataDirectory], output, error, ctrlC.Token);
        string? id = null;
        await Poll.UntilAsync(
            async () => (id = (await master.Client.ListTasksAsync("running")).Tasks.FirstOrDefault(task => task.Command == code)?.TaskId) is not null,
            "the task to run on the slave");

        await ctrlC.CancelAsync();
        var exitCode = await exec;

        Assert.Equal(1, exitCode);
        Assert.Equal($"d8-master: task {id} keeps running; d8-master tasks wait {id}\n", error.ToString());
        Assert.Equal("running", (await master.Client.GetTaskAsync(id!)).Status);
        await File.WriteAllTextAsync(release, string.Empty);
        var waited = await _cli.RunAsync("tasks", "wait", id!);
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("released\n", waited.Output);
    }

    [Fact]
    public async Task TasksWait_Timeout_Exits1SayingItIsStillQueued()
    {
        var id = (await _cli.RunAsync("exec", "--detach", "--capability", "quantum", "--code", "print(1)")).Output.Trim();
        try
        {
            var result = await _cli.RunAsync("tasks", "wait", id, "--timeout", "0.5");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"d8-master: task {id} is still queued after 0.5 s; wait again with: d8-master tasks wait {id}\n", result.Error);
        }
        finally
        {
            await master.Client.CancelTaskAsync(id);
        }
    }

    [Theory]
    [InlineData("show")]
    [InlineData("wait")]
    [InlineData("cancel")]
    public async Task Tasks_UnknownId_Exits1InOneLine(string verb)
    {
        var result = await _cli.RunAsync("tasks", verb, "no-such-task");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("d8-master: Task 'no-such-task' was not found.\n", result.Error);
    }

    [Fact]
    public async Task SlavesDrainUndrain_GoThroughTheMaster_ListShowsDrained()
    {
        try
        {
            var drained = await _cli.RunAsync("slaves", "drain", RunningMaster.SlaveId);
            Assert.True(drained.ExitCode == 0, drained.ToString());
            Assert.Equal(string.Empty, drained.Error);
            Assert.True((await master.Client.ListSlavesAsync()).Single().Drained);
            var list = await _cli.RunAsync("slaves", "list");
            Assert.Matches(@"worker\s+127\.0\.0\.1:\d+\s+healthy\s+yes", list.Output);
            Assert.True((bool?)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(master.DataDirectory, "slaves", "config.json")))![RunningMaster.SlaveId]!["drained"]);
        }
        finally
        {
            var undrained = await _cli.RunAsync("slaves", "undrain", RunningMaster.SlaveId);
            Assert.True(undrained.ExitCode == 0, undrained.ToString());
        }

        Assert.False((await master.Client.ListSlavesAsync()).Single().Drained);
        Assert.False((bool?)JsonNode.Parse((await _cli.RunAsync("slaves", "list", "--json")).Output)![0]!["drained"]);
    }

    [Fact]
    public async Task FiftyTasks_OneSlot_AllComplete_InPriorityThenFifoOrder_NoneRefused()
    {
        var order = Path.Combine(master.Scratch, "order.txt");
        var submitted = new List<(string Id, int Priority, int Index)>();
        Assert.Equal(0, (await _cli.RunAsync("slaves", "drain", RunningMaster.SlaveId)).ExitCode);
        try
        {
            // All queued while the only slave is drained, so the order is the queue's alone.
            for (var index = 0; index < 50; index++)
            {
                var priority = (index * 7) % 10;
                var code = $"with open('{order}', 'a') as f:\n    f.write('{index}\\n')";
                var result = await _cli.RunAsync("exec", "--detach", "--priority", priority.ToString(CultureInfo.InvariantCulture), "--code", code);
                Assert.True(result.ExitCode == 0, result.ToString());
                submitted.Add((result.Output.Trim(), priority, index));
            }

            Assert.All(await Task.WhenAll(submitted.Select(task => master.Client.GetTaskAsync(task.Id))), task => Assert.Equal("queued", task.Status));
        }
        finally
        {
            Assert.Equal(0, (await _cli.RunAsync("slaves", "undrain", RunningMaster.SlaveId)).ExitCode);
        }

        var finished = new List<Distributed.Contracts.TaskResponse>();
        foreach (var task in submitted)
        {
            finished.Add(await master.Client.WaitForTaskAsync(task.Id, TimeSpan.FromMinutes(2)));
        }

        Assert.All(finished, task =>
        {
            Assert.True(task.Status == "succeeded", $"{task.TaskId}: {task.Status} {task.Reason} {task.Error}");
            Assert.Equal(1, task.Attempts);
        });
        var expected = submitted.OrderByDescending(task => task.Priority).ThenBy(task => task.Index).Select(task => task.Index.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected, await File.ReadAllLinesAsync(order));
    }

    [Fact]
    public async Task Requests_GoThroughTheMaster_CreateThenCancel()
    {
        var created = JsonNode.Parse((await _cli.RunAsync("requests", "create", "--type", "other", "--title", "Elegir logo", "--json")).Output)!;
        var id = (string)created["request_id"]!;

        var cancelled = await _cli.RunAsync("requests", "cancel", id, "--note", "ya no hace falta", "--json");

        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Equal(string.Empty, cancelled.Error);
        var json = JsonNode.Parse(cancelled.Output)!;
        Assert.Equal("cancelled", (string?)json["status"]);
        Assert.Equal("api", (string?)json["history"]!.AsArray()[^1]!["actor"]); // decided by the master's API, not by a file edit
        Assert.Equal("cancelled", (await master.Client.GetRequestAsync(id)).Status);
    }

    [Fact]
    public async Task WrongToken_Exits1WithTheMessage()
    {
        var cli = master.CliWith(new Dictionary<string, string?> { ["D8_API_TOKEN"] = "not-the-token" });

        foreach (var verb in new[] { new[] { "tasks", "list" }, ["slaves", "list"], ["exec", "--code", "print(1)"] })
        {
            var result = await cli.RunAsync(verb);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("d8-master: the master refused the token (set D8_API_TOKEN or D8:Cli:ApiToken)\n", result.Error);
        }
    }

    [Fact]
    public async Task MasterOption_WinsOverTheSetting()
    {
        var cli = new CliRunner(master.Scratch, new Dictionary<string, string?>
        {
            ["D8_API_TOKEN"] = RunningMaster.ApiToken,
            [RunningMaster.ProbeTimeoutVariable] = "00:00:30",
        });

        var viaOption = await cli.RunAsync("--master", master.Url.ToString(), "tasks", "list");
        var viaSetting = await cli.RunAsync("tasks", "list");

        Assert.True(viaOption.ExitCode == 0 && viaOption.Error.Length == 0, viaOption.ToString());
        Assert.Equal(1, viaSetting.ExitCode);
        Assert.StartsWith($"d8-master: no master at {CliRunner.NoMaster}/", viaSetting.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurlAndPythonStandardLibrary_SubmitOverTheApi_RunAndAreInTasksListAndOnTheDashboard()
    {
        var curl = Requirements.FindOnPath("curl")
            ?? throw new InvalidOperationException("This test needs 'curl' on PATH, and none was found. Install it (Debian: 'apt-get install -y curl').");
        var python = Requirements.Python3();
        var url = master.Url.ToString().TrimEnd('/');

        await RunAsync(curl, "-sS", "--fail-with-body", "-X", "POST", "-H", $"Authorization: Bearer {RunningMaster.ApiToken}",
            "-d", """{"command":"print('via curl')","task_id":"api-from-curl","submitted_by":"curl"}""", $"{url}/api/v1/tasks");
        await RunAsync(python, "-c", """
            import json, sys, urllib.request
            request = urllib.request.Request(sys.argv[1] + "/api/v1/tasks", method="POST",
                data=json.dumps({"command": "print('via python')", "task_id": "api-from-python", "submitted_by": "python"}).encode(),
                headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 202, response.status
            """, url, RunningMaster.ApiToken);
        var curlTask = await master.Client.WaitForTaskAsync("api-from-curl", TimeSpan.FromMinutes(2));
        var pythonTask = await master.Client.WaitForTaskAsync("api-from-python", TimeSpan.FromMinutes(2));

        Assert.Equal(("succeeded", "via curl\n"), (curlTask.Status, curlTask.Output));
        Assert.Equal(("succeeded", "via python\n"), (pythonTask.Status, pythonTask.Output));
        var list = await _cli.RunAsync("tasks", "list", "--json", "--limit", "1000");
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = JsonNode.Parse(list.Output)!.AsArray();
        Assert.Equal("curl", (string?)listed.Single(node => (string?)node!["task_id"] == "api-from-curl")!["submitted_by"]);
        Assert.Equal("python", (string?)listed.Single(node => (string?)node!["task_id"] == "api-from-python")!["submitted_by"]);

        // The dashboard's Tasks page (loopback, no password: no sign-in) shows both.
        using var http = new HttpClient { BaseAddress = master.Url };
        var page = await http.GetStringAsync(new Uri("/tasks?limit=200", UriKind.Relative));
        Assert.Contains("api-from-curl", page, StringComparison.Ordinal);
        Assert.Contains("api-from-python", page, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error} {await output}");
    }
}
