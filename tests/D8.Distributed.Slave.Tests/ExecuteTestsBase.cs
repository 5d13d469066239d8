using System.Net;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// POST /api/execute with a real python3, over HTTP only: run against the in-process slave (<see cref="ExecuteTests"/>)
/// and the published NativeAOT d8-slave (<c>Aot.AotExecuteTests</c>).
/// </summary>
/// <param name="slave">The slave's API.</param>
/// <param name="workspace">The slave's workspace root (D8:Slave:WorkspaceRoot), with a directory <c>inside</c>.</param>
public abstract class ExecuteTestsBase(SlaveClient slave, string workspace)
{
    private readonly SlaveClient _server = slave;

    [Fact]
    public async Task Execute_PrintSixTimesSeven_Returns42()
    {
        using var response = await _server.PostRawAsync("""{"command":"print(6*7)","working_dir":null}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SlaveApiTests.AssertMatchesFixture("execute-success.json", body);
        var result = System.Text.Json.JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteResponse)!;
        Assert.True(result.Success);
        Assert.Equal("42\n", result.Output);
        Assert.Equal("", result.Error);
        Assert.Equal(ExecutionMethod.Python, result.Method);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.OutputTruncated);
        Assert.NotNull(result.DurationMs);
    }

    [Fact]
    public async Task Execute_ScriptPrintsThenFails_ReturnsFailureWithBothStreams()
    {
        using var response = await _server.PostRawAsync("""{"command":"import sys\nprint('partial')\nprint('boom', file=sys.stderr)\nsys.exit(3)"}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SlaveApiTests.AssertMatchesFixture("execute-failure.json", body);
        var result = System.Text.Json.JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteResponse)!;
        Assert.False(result.Success);
        Assert.Equal("partial\n", result.Output);
        Assert.Equal("boom\n", result.Error);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task Execute_StdinEnvAndWorkingDir_ArePassedToTheProcess()
    {
        var directory = Directory.CreateDirectory(Path.Combine(workspace, "run-" + Guid.NewGuid().ToString("N"))).FullName;

        var result = await _server.ExecuteAsync(new ExecuteRequest
        {
            Command = "import os, sys\nprint(sys.stdin.read().upper())\nprint(os.environ['D8_GREETING'])\nprint(os.getcwd())",
            Stdin = "hello from stdin",
            Env = new Dictionary<string, string> { ["D8_GREETING"] = "hola" },
            WorkingDir = directory,
            TaskId = "echo-1",
        });

        Assert.True(result.Success, result.Error);
        Assert.Equal($"HELLO FROM STDIN\nhola\n{directory}\n", result.Output);
        Assert.Equal("echo-1", result.TaskId);
    }

    [Fact]
    public async Task Execute_ChildEnvironment_DoesNotInheritTheSlavesSettings()
    {
        // A variable of this (the slave's) process that no test reads: D8 settings must not reach a task's process.
        var name = $"D8__Test{Guid.NewGuid():N}__Secret";
        Environment.SetEnvironmentVariable(name, "hidden");
        try
        {
            var result = await _server.ExecuteAsync(new ExecuteRequest
            {
                Command = $"import os; print(os.environ.get('{name}', 'absent'), os.environ.get('UNRELATED'))",
                Env = new Dictionary<string, string> { ["UNRELATED"] = "1" },
            });

            Assert.Equal("absent 1\n", result.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task Execute_ShellMethod_RunsThroughBinSh()
    {
        var result = await _server.ExecuteAsync(new ExecuteRequest { Command = "echo shell-$((6*7)) && exit 4", Method = ExecutionMethod.Shell });

        Assert.False(result.Success);
        Assert.Equal(ExecutionMethod.Shell, result.Method);
        Assert.Equal("shell-42\n", result.Output);
        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public async Task Execute_PythonCommandWithShellCharacters_IsNotInterpretedByAShell()
    {
        var result = await _server.ExecuteAsync(new ExecuteRequest { Command = "print('$(echo nope); `id` && | ;')", Method = ExecutionMethod.Python });

        Assert.True(result.Success, result.Error);
        Assert.Equal("$(echo nope); `id` && | ;\n", result.Output);
    }

    [Fact]
    public async Task Execute_UnknownFields_AreIgnored()
    {
        using var response = await _server.PostRawAsync("""{"command":"print(1)","priority":9,"extra":{"a":[1,2]}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
