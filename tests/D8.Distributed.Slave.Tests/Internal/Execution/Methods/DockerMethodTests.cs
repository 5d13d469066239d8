using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class DockerMethodTests : IDisposable
{
    private const string Image = "python:3.12-slim";
    private readonly FakeDocker _docker = new();

    public void Dispose() => _docker.Dispose();

    [Fact]
    public async Task ProbeAsync_NoImage_IsDisabledAndRunsNothing()
    {
        using var services = new SlaveServices(o => o.ExecutableSearchPath = _docker.Directory);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, true, "D8:Slave:DockerImage is not set"), (probe.IsAvailable, probe.IsDisabled, probe.Reason));
        Assert.Empty(_docker.Calls);
    }

    [Fact]
    public async Task ProbeAsync_DockerInfoSucceeds_IsAvailable()
    {
        using var services = new SlaveServices(o => { o.DockerImage = Image; o.ExecutableSearchPath = _docker.Directory; });

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal(Path.Combine(_docker.Directory, "docker"), probe.Executable);
        Assert.Null(probe.PythonInterpreter);
        Assert.Equal(["info"], Assert.Single(_docker.Calls));
    }

    [Fact]
    public async Task ProbeAsync_DockerInfoFails_IsUnavailableWithTheEngineMessage()
    {
        _docker.InfoFails = true;
        using var services = new SlaveServices(o => { o.DockerImage = Image; o.ExecutableSearchPath = _docker.Directory; });

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, false), (probe.IsAvailable, probe.IsDisabled));
        Assert.Equal("exit code 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock", probe.Reason);
    }

    [Fact]
    public async Task ProbeAsync_NoDockerClient_IsUnavailableNamingIt()
    {
        using var services = new SlaveServices(o => { o.DockerImage = Image; o.DockerExecutable = "d8-no-such-docker"; });

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, "'d8-no-such-docker' was not found"), (probe.IsAvailable, probe.Reason));
    }

    [Fact]
    public void Plan_Defaults_NamesTheContainerAfterTheTaskWithInitAndNoNetwork()
    {
        using var services = new SlaveServices(o => o.DockerImage = Image);

        var command = Method(services).Plan(Invocation("print(6*7)", taskId: "task-42"));

        Assert.Equal("/usr/bin/docker", command.FileName);
        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-task-42", "--network", "none", "-v", "/srv/work:/app", "-w", "/app", Image, "python", "-c", "print(6*7)"],
            command.Arguments);
        Assert.NotNull(command.AfterKill);
    }

    [Fact]
    public void Plan_NetworkMemoryAndCpus_ArePassedToDockerRun()
    {
        using var services = new SlaveServices(o => { o.DockerImage = Image; o.DockerNetwork = "bridge"; o.DockerMemory = "512m"; o.DockerCpus = 1.5; });

        var command = Method(services).Plan(Invocation("print(1)", taskId: "t1"));

        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-t1", "--network", "bridge", "--memory", "512m", "--cpus", "1.5", "-v", "/srv/work:/app", "-w", "/app", Image, "python", "-c", "print(1)"],
            command.Arguments);
    }

    [Fact]
    public void Plan_WithEnv_PassesTheNamesButNotTheValues()
    {
        using var services = new SlaveServices(o => o.DockerImage = Image);
        var env = new Dictionary<string, string> { ["A"] = "secret-a", ["B"] = "secret-b" };

        var command = Method(services).Plan(Invocation("print(1)", taskId: "t1", env));

        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-t1", "--network", "none", "-v", "/srv/work:/app", "-w", "/app", "-e", "A", "-e", "B", Image, "python", "-c", "print(1)"],
            command.Arguments);
        Assert.DoesNotContain(command.Arguments, argument => argument.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0f8fa3c2d1e04b6c9a7e5d3b1c2a4f6e", "d8-0f8fa3c2d1e04b6c9a7e5d3b1c2a4f6e")]
    [InlineData("job_1.retry-2", "d8-job_1.retry-2")]
    public void ContainerName_NameSafeTaskId_IsPrefixedOnly(string taskId, string expected) =>
        Assert.Equal(expected, DockerMethod.ContainerName(taskId));

    [Fact]
    public void ContainerName_CharactersDockerRefuses_AreReplacedAndTheIdHashed()
    {
        var slash = DockerMethod.ContainerName("a/b c");
        var colon = DockerMethod.ContainerName("a:b c");

        Assert.Matches("^d8-a_b_c-[0-9a-f]{16}$", slash);
        Assert.Matches("^d8-[a-zA-Z0-9_.-]+$", DockerMethod.ContainerName(new string('x', 300)));
        Assert.NotEqual(slash, colon);
    }

    [Theory]
    [InlineData("512m", true)]
    [InlineData("2g", true)]
    [InlineData("1.5G", true)]
    [InlineData("1048576", true)]
    [InlineData("lots", false)]
    [InlineData("-1m", false)]
    [InlineData("512 m", false)]
    public void IsMemoryLimit_Value_AcceptsWhatDockerAccepts(string value, bool expected) =>
        Assert.Equal(expected, DockerMethod.IsMemoryLimit(value));

    private static MethodInvocation Invocation(string command, string taskId, IReadOnlyDictionary<string, string>? env = null) =>
        new(command, "/srv/work", env, MethodProbe.Available("/usr/bin/docker")) { TaskId = taskId };

    private static IExecutionMethod Method(SlaveServices services) => services.GetAll<IExecutionMethod>().Single(m => m.Name == ExecutionMethod.Docker);
}
