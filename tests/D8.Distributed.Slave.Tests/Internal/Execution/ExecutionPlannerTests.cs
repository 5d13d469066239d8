using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace D8.Distributed.Slave.Tests.Internal;

/// <summary>The planner against hand-made snapshots of the real methods: the auto order, refusals, the process it builds.</summary>
public sealed class ExecutionPlannerTests : IDisposable
{
    private readonly TempDirectory _work = new("d8-planner");
    private readonly SlaveServices _services;

    public ExecutionPlannerTests()
    {
        _services = new SlaveServices(
            o => { o.DockerImage = "python:3.12-slim"; o.DefaultWorkingDirectory = _work.Path; o.DefaultTimeoutSeconds = 30; o.MaxTimeoutSeconds = 60; o.MaxOutputBytes = 4096; },
            s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, EchoMethod>()));
    }

    public void Dispose()
    {
        _services.Dispose();
        _work.Dispose();
    }

    [Theory]
    [InlineData("docker,venv,python,shell", "docker")]
    [InlineData("venv,python,shell", "venv")]
    [InlineData("docker,python", "docker")]
    [InlineData("python,shell", "python")]
    [InlineData("python,echo", "python")]
    public void Plan_Auto_ChoosesTheFirstAvailableMethodInRegistrationOrder(string available, string expected)
    {
        var snapshot = Snapshot(available.Split(','));

        var auto = Plan(new ExecuteRequest { Command = "print(1)", Method = ExecutionMethod.Auto }, snapshot, out var error);
        var unnamed = Plan(new ExecuteRequest { Command = "print(1)" }, snapshot, out _);

        Assert.True(auto is not null, error);
        Assert.Equal((expected, expected), (auto.Method, unnamed!.Method));
        Assert.Equal($"/fake/{expected}", auto.Process.FileName);
    }

    [Theory]
    [InlineData("shell")]
    [InlineData("shell,echo")]
    [InlineData("")]
    public void Plan_AutoWithOnlyNonPythonMethods_IsRefusedNamingTheMethodsTried(string available)
    {
        var plan = Plan(new ExecuteRequest { Command = "print(1)" }, Snapshot(available.Split(',', StringSplitOptions.RemoveEmptyEntries)), out var error);

        Assert.Null(plan);
        Assert.Equal("No Python execution method is available on this slave (method 'auto' found no docker, venv or python)", error);
    }

    [Fact]
    public void Plan_AutoWithAMethodThatAutoMayChoose_ListsItAmongTheMethodsTried()
    {
        using var services = new SlaveServices(extra: s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod>(new EchoMethod { ChosenByAuto = true })));
        var methods = services.GetAll<IExecutionMethod>();
        var snapshot = new CapabilitySnapshot([.. methods.Select(m => new MethodState(m, MethodProbe.Unavailable("missing")))], "3.x", DateTimeOffset.UnixEpoch);

        services.Get<ExecutionPlanner>().Plan(new ExecuteRequest { Command = "x" }, "task-1", snapshot, out var error);

        Assert.Equal("No Python execution method is available on this slave (method 'auto' found no docker, venv, python or echo)", error);
    }

    [Fact]
    public void Plan_NamedShell_RunsTheShellThoughAutoNeverChoosesIt()
    {
        var plan = Plan(new ExecuteRequest { Command = "echo hi", Method = ExecutionMethod.Shell }, Snapshot("python", "shell"), out var error);

        Assert.True(plan is not null, error);
        Assert.Equal((ExecutionMethod.Shell, "/fake/shell"), (plan.Method, plan.Process.FileName));
        Assert.Equal(["-c", "echo hi"], plan.Process.Arguments);
    }

    [Fact]
    public void Plan_NamedExtraMethod_RunsItsPlan()
    {
        var plan = Plan(new ExecuteRequest { Command = "hello", Method = EchoMethod.MethodName }, Snapshot("echo"), out var error);

        Assert.True(plan is not null, error);
        Assert.Equal(["-c", "printf 'echo:%s\\n' \"$1\"", "sh", "hello"], plan.Process.Arguments);
    }

    [Theory]
    [InlineData("docker", "docker needs D8:Slave:DockerImage and a Docker engine that answers 'docker info'")]
    [InlineData("venv", "venv needs D8:Slave:VenvPath pointing at a virtualenv with bin/python")]
    [InlineData("python", "no python interpreter was found; see D8:Slave:PythonExecutable")]
    [InlineData("shell", "shell needs D8:Slave:AllowShell and /bin/sh")]
    public void Plan_NamedUnavailableMethod_IsRefusedWithWhatItNeeds(string method, string requirement)
    {
        var plan = Plan(new ExecuteRequest { Command = "print(1)", Method = method }, Snapshot(), out var error);

        Assert.Null(plan);
        Assert.Equal($"method '{method}' is not available on this slave ({requirement})", error);
    }

    [Fact]
    public void Plan_UnknownMethod_IsRefusedListingTheRegisteredMethods()
    {
        var plan = Plan(new ExecuteRequest { Command = "print(1)", Method = "Python" }, Snapshot("python"), out var error);

        Assert.Null(plan);
        Assert.Equal("Unknown method 'Python': expected one of auto, docker, venv, python, shell, echo", error);
    }

    [Fact]
    public void Plan_NoCommand_IsRefusedBeforeTheMethodIsChosen()
    {
        Assert.Null(Plan(new ExecuteRequest { Command = "  ", Method = "perl" }, Snapshot(), out var error));
        Assert.Equal(ExecutionPlanner.NoCommandMessage, error);
    }

    [Fact]
    public void Plan_ValidRequest_CarriesTheLimitsAndTheRequestIntoTheProcess()
    {
        var env = new Dictionary<string, string> { ["D8_X"] = "1" };
        var request = new ExecuteRequest { Command = "print(1)", Method = ExecutionMethod.Docker, TimeoutSeconds = 600, Env = env, Stdin = "in" };

        var plan = Plan(request, Snapshot("docker"), out var error);

        Assert.True(plan is not null, error);
        var process = plan.Process;
        Assert.Equal((_work.Path, TimeSpan.FromSeconds(60), 4096, "in"), (process.WorkingDirectory, process.Timeout, process.MaxOutputBytes, process.Stdin));
        Assert.Same(env, process.Environment);
        Assert.Equal(
            ["run", "--rm", "-i", "--init", "--name", "d8-task-1", "--network", "none", "-v", $"{_work.Path}:/app", "-w", "/app", "-e", "D8_X", "python:3.12-slim", "python", "-c", "print(1)"],
            process.Arguments);
        Assert.NotNull(process.AfterKill);
    }

    [Fact]
    public void Plan_BadEnvName_IsRefusedNamingIt()
    {
        var request = new ExecuteRequest { Command = "print(1)", Env = new Dictionary<string, string> { ["A=B"] = "1" } };

        Assert.Null(Plan(request, Snapshot("python"), out var error));
        Assert.Equal("env contains an invalid variable name 'A=B'", error);
    }

    private ExecutionPlan? Plan(ExecuteRequest request, CapabilitySnapshot snapshot, out string? error) =>
        _services.Get<ExecutionPlanner>().Plan(request, "task-1", snapshot, out error);

    /// <summary>The registered methods, the named ones available (as <c>/fake/&lt;name&gt;</c>), the others not.</summary>
    private CapabilitySnapshot Snapshot(params string[] available) =>
        new(
            [.. _services.GetAll<IExecutionMethod>().Select(m => new MethodState(m, available.Contains(m.Name) ? MethodProbe.Available($"/fake/{m.Name}") : MethodProbe.Unavailable("missing")))],
            "3.x",
            DateTimeOffset.UnixEpoch);
}
