using System.Diagnostics;
using System.Text.Json.Nodes;
using D8.Dashboard.Tests.Support;
using D8.Testing;

namespace D8.Dashboard.Tests.Api;

/// <summary>The API from other languages: a real curl process and Python's standard library (urllib), on a real slave.</summary>
public sealed class ExternalClientsTests
{
    [Fact]
    public async Task CurlAndPythonUrllib_SubmitAndWait_RunOnARealSlaveAndAreListed()
    {
        var curl = Requirements.FindOnPath("curl")
            ?? throw new InvalidOperationException("This test needs 'curl' on PATH, and none was found. Install it (Debian: 'apt-get install -y curl').");
        var python = Requirements.Python3();
        await using var host = await MasterApiHost.StartAsync();
        await host.AddHealthySlaveAsync("pc-1");

        var submitted = await RunAsync(curl, "-sS", "--fail-with-body", "-X", "POST",
            "-H", $"Authorization: Bearer {MasterApiHost.ApiToken}",
            "-d", """{"command":"print(6*7)","task_id":"from-curl","submitted_by":"curl"}""",
            $"{host.BaseUrl}/api/v1/tasks");
        var waited = await RunAsync(curl, "-sS", "--fail-with-body",
            "-H", $"Authorization: Bearer {MasterApiHost.ApiToken}",
            $"{host.BaseUrl}/api/v1/tasks/from-curl/wait?timeout_seconds=60");
        var fromPython = await RunAsync(python, "-c", PythonClient, host.BaseUrl, MasterApiHost.ApiToken);
        var listed = await host.Client.ListTasksAsync();

        Assert.Equal("queued", JsonNode.Parse(submitted)!["status"]!.GetValue<string>());
        Assert.Equal(("succeeded", "42\n"), (JsonNode.Parse(waited)!["status"]!.GetValue<string>(), JsonNode.Parse(waited)!["output"]!.GetValue<string>()));
        var python3 = JsonNode.Parse(fromPython)!;
        Assert.Equal((202, "succeeded", "hello from python\n", 200), (python3["submit_status"]!.GetValue<int>(), python3["status"]!.GetValue<string>(), python3["output"]!.GetValue<string>(), python3["wait_status"]!.GetValue<int>()));
        Assert.Equal(["python", "curl"], listed.Tasks.Select(task => task.SubmittedBy));
        Assert.All(listed.Tasks, task => Assert.Equal("succeeded", task.Status));
    }

    // The docs' Python example, as a program: submit, wait (long polls), print the outcome as JSON.
    private const string PythonClient = """
        import json, sys, urllib.request
        base, token = sys.argv[1], sys.argv[2]
        def call(method, path, body=None):
            data = None if body is None else json.dumps(body).encode()
            request = urllib.request.Request(base + path, data=data, method=method, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=90) as response:
                return response.status, json.load(response)
        submit_status, task = call("POST", "/api/v1/tasks", {"command": "print('hello from python')", "submitted_by": "python"})
        wait_status, done = call("GET", "/api/v1/tasks/%s/wait?timeout_seconds=60" % task["task_id"])
        print(json.dumps({"submit_status": submit_status, "wait_status": wait_status, "status": done["status"], "output": done["output"]}))
        """;

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error} {await output}");
        return await output;
    }
}
