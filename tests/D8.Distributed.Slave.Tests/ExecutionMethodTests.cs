using System.Net;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;
using D8.Distributed.Slave.Tests.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// venv with a real virtualenv, docker through a fake docker CLI (the argv, and the kill and removal of the container),
/// and the auto fallback docker → venv → python. DockerEngineTests runs the docker method on a real engine.
/// </summary>
public sealed class ExecutionMethodTests(VirtualenvFixture venv) : IClassFixture<VirtualenvFixture>, IDisposable
{
    private const string Image = "python:3.12-slim";
    private readonly TempDirectory _work = new("d8-work");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Execute_VenvMethod_RunsTheVirtualenvInterpreter()
    {
        await using var server = await SlaveServer.StartAsync(o => o.VenvPath = venv.Path);

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; print(sys.prefix); print(sys.prefix != sys.base_prefix)", Method = ExecutionMethod.Venv });

        Assert.True(result.Success, result.Error);
        Assert.Equal(ExecutionMethod.Venv, result.Method);
        Assert.Equal($"{venv.Path}\nTrue\n", result.Output);
        Assert.True((await server.HealthAsync()).ExecutionMethods.Venv);
    }

    [Fact]
    public async Task Execute_DockerMethod_RunsTheSpecArgv()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print(6*7)", Method = ExecutionMethod.Docker, WorkingDir = _work.Path, TaskId = "t-42" });

        Assert.True(result.Success, result.Error);
        Assert.Equal(("42\n", ExecutionMethod.Docker), (result.Output, result.Method));
        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-t-42", "--network", "none", "-v", $"{_work.Path}:/app", "-w", "/app", Image, "python", "-c", "print(6*7)"],
            docker.Calls[^1]);
        Assert.True((await server.HealthAsync()).ExecutionMethods.Docker);
    }

    [Fact]
    public async Task Execute_DockerWithoutTaskId_NamesTheContainerAfterAnIdOfTheSlave()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print(1)", Method = ExecutionMethod.Docker, WorkingDir = _work.Path });

        Assert.True(result.Success, result.Error);
        var run = docker.Calls[^1];
        Assert.Matches("^d8-[0-9a-f]{32}$", run[Array.IndexOf(run, "--name") + 1]);
        Assert.Equal($"d8-{result.TaskId}", run[Array.IndexOf(run, "--name") + 1]);
    }

    [Fact]
    public async Task Execute_DockerTimeout_KillsThenRemovesTheContainer()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "import time; time.sleep(60)", Method = ExecutionMethod.Docker, WorkingDir = _work.Path, TaskId = "t-slow", TimeoutSeconds = 1 });

        Assert.True(result.TimedOut);
        Assert.Equal([["kill", "d8-t-slow"], ["rm", "-f", "d8-t-slow"]], docker.Calls.Where(call => call[0] is "kill" or "rm"));
    }

    [Fact]
    public async Task Execute_DockerFinishingOnItsOwn_LeavesTheContainerToRm()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; sys.exit(3)", Method = ExecutionMethod.Docker, WorkingDir = _work.Path, TaskId = "t-exit" });

        Assert.Equal(3, result.ExitCode);
        Assert.DoesNotContain(docker.Calls, call => call[0] is "kill" or "rm");
    }

    [Fact]
    public async Task Execute_DockerMethodWithEnv_PassesNamesNotValuesInArgv()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; });

        var result = await server.ExecuteAsync(new ExecuteRequest
        {
            Command = "import os; print(os.environ['D8_SECRET'])",
            Method = ExecutionMethod.Docker,
            WorkingDir = _work.Path,
            Env = new Dictionary<string, string> { ["D8_SECRET"] = "hunter2" },
            TaskId = "t-env",
        });

        Assert.Equal("hunter2\n", result.Output);
        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-t-env", "--network", "none", "-v", $"{_work.Path}:/app", "-w", "/app", "-e", "D8_SECRET", Image, "python", "-c", "import os; print(os.environ['D8_SECRET'])"],
            docker.Calls[^1]);
    }

    [Fact]
    public async Task Execute_AutoWithDockerAvailable_PicksDocker()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; o.VenvPath = venv.Path; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print('auto')", Method = ExecutionMethod.Auto, WorkingDir = _work.Path });

        Assert.Equal(("auto\n", ExecutionMethod.Docker), (result.Output, result.Method));
    }

    [Fact]
    public async Task Execute_AutoWithDockerInfoFailing_FallsBackToVenv()
    {
        using var docker = new FakeDocker(infoFails: true);
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; o.VenvPath = venv.Path; });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print('auto')" });
        var health = await server.HealthAsync();

        Assert.Equal(("auto\n", ExecutionMethod.Venv), (result.Output, result.Method));
        Assert.Equal(new ExecutionMethods(Docker: false, Venv: true, Python: true, Shell: true), health.ExecutionMethods);
        Assert.All(docker.Calls, call => Assert.Equal(["info"], call));
        using var refused = await server.PostRawAsync("""{"command":"print(1)","method":"docker"}""");
        Assert.Contains("method 'docker' is not available", await ResponseAssert.ErrorAsync(refused, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AutoWithDockerInfoFailingAndNoVenv_FallsBackToPython()
    {
        using var docker = new FakeDocker(infoFails: true);
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; o.VenvPath = _work.Combine("no-venv-here"); });

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print('auto')" });

        Assert.Equal(("auto\n", ExecutionMethod.Python), (result.Output, result.Method));
        Assert.NotEqual(0, docker.InfoCalls);
    }

    [Fact]
    public async Task Start_DockerWithoutImage_IsNeitherProbedNorOffered()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => o.ExecutableSearchPath = docker.Directory);

        Assert.False((await server.HealthAsync()).ExecutionMethods.Docker);
        Assert.Empty(docker.Calls);
    }

    [Fact]
    public async Task Health_ManyCalls_ProbeDockerOnlyOnce()
    {
        using var docker = new FakeDocker();
        await using var server = await SlaveServer.StartAsync(o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; o.CapabilityRefreshInterval = TimeSpan.FromDays(1); });

        for (var i = 0; i < 20; i++)
        {
            Assert.True((await server.HealthAsync()).ExecutionMethods.Docker);
        }

        Assert.Equal(1, docker.InfoCalls);
    }

    [Fact]
    public async Task Capabilities_AfterTheRefreshInterval_AreProbedAgain()
    {
        using var docker = new FakeDocker(infoFails: true);
        var time = new FakeTimeProvider();
        await using var server = await SlaveServer.StartAsync(
            o => { o.DockerImage = Image; o.ExecutableSearchPath = docker.Directory; o.CapabilityRefreshInterval = TimeSpan.FromMinutes(5); },
            time);
        Assert.False((await server.HealthAsync()).ExecutionMethods.Docker);

        docker.InfoFails = false;
        var probe = server.Service<CapabilityProbe>();
        time.Advance(TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => probe.ProbeCount == 2 && probe.Current.IsAvailable(ExecutionMethod.Docker), "the background refresh to find docker");

        var health = await server.HealthAsync();
        Assert.True(health.ExecutionMethods.Docker);
        Assert.Contains(ExecutionMethod.Docker, health.Capabilities!);
        Assert.Equal(2, docker.InfoCalls);
    }

    [Fact]
    public async Task Health_ConfiguredLabels_AreReportedWithTheDetectedMethods()
    {
        await using var server = await SlaveServer.StartAsync(o => { o.Capabilities.Add("gpu"); o.Capabilities.Add("python"); o.VenvPath = venv.Path; });

        var health = await server.HealthAsync();

        Assert.Equal(["venv", "python", "shell", "gpu"], health.Capabilities!);
    }

    [Fact]
    public async Task Execute_AnExtraRegisteredMethod_RunsAndIsReportedWithoutChangingTheWireFlags()
    {
        await using var server = await SlaveServer.StartAsync(services: s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, EchoMethod>()));

        var named = await server.ExecuteAsync(new ExecuteRequest { Command = "it's me", Method = EchoMethod.MethodName });
        var auto = await server.ExecuteAsync(new ExecuteRequest { Command = "print('auto')" });
        var health = await server.HealthAsync();

        Assert.Equal(("echo:it's me\n", EchoMethod.MethodName), (named.Output, named.Method));
        Assert.Equal(ExecutionMethod.Python, auto.Method);
        Assert.Equal(["python", "shell", "echo"], health.Capabilities!);
        Assert.Equal(new ExecutionMethods(Docker: false, Venv: false, Python: true, Shell: true), health.ExecutionMethods);
    }
}
