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
    public void Plan_WithoutEnv_IsTheSpecArgv()
    {
        using var services = new SlaveServices(o => o.DockerImage = Image);

        var command = Method(services).Plan(new MethodInvocation("print(6*7)", "/srv/work", null, MethodProbe.Available("/usr/bin/docker")));

        Assert.Equal("/usr/bin/docker", command.FileName);
        Assert.Equal(["run", "--rm", "-i", "-v", "/srv/work:/app", "-w", "/app", Image, "python", "-c", "print(6*7)"], command.Arguments);
    }

    [Fact]
    public void Plan_WithEnv_PassesTheNamesButNotTheValues()
    {
        using var services = new SlaveServices(o => o.DockerImage = Image);
        var env = new Dictionary<string, string> { ["A"] = "secret-a", ["B"] = "secret-b" };

        var command = Method(services).Plan(new MethodInvocation("print(1)", "/srv/work", env, MethodProbe.Available("/usr/bin/docker")));

        Assert.Equal(["run", "--rm", "-i", "-v", "/srv/work:/app", "-w", "/app", "-e", "A", "-e", "B", Image, "python", "-c", "print(1)"], command.Arguments);
        Assert.DoesNotContain(command.Arguments, argument => argument.Contains("secret", StringComparison.Ordinal));
    }

    private static IExecutionMethod Method(SlaveServices services) => services.GetAll<IExecutionMethod>().Single(m => m.Name == ExecutionMethod.Docker);
}
