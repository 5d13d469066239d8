using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class PythonMethodTests : IDisposable
{
    private readonly TempDirectory _temp = new("d8-python-method");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProbeAsync_Python3OnPath_IsAvailableWithItsVersion()
    {
        var python3 = Requirements.Python3();
        using var services = new SlaveServices();

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal((python3, python3), (probe.Executable, probe.PythonInterpreter));
        Assert.StartsWith("3.", probe.PythonVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_InterpreterNotFound_IsUnavailableNamingIt()
    {
        using var services = new SlaveServices(o => o.PythonExecutable = "d8-no-such-python");

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, false, "'d8-no-such-python' was not found"), (probe.IsAvailable, probe.IsDisabled, probe.Reason));
    }

    [Fact]
    public async Task ProbeAsync_InterpreterFails_IsUnavailableWithTheExitCodeAndStderr()
    {
        var broken = FakeInterpreter.Write(_temp.Combine("python3"), "echo 'no encodings module' >&2\nexit 3");
        using var services = new SlaveServices(o => o.PythonExecutable = broken);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.False(probe.IsAvailable);
        Assert.Equal("exit code 3: no encodings module", probe.Reason);
    }

    [Fact]
    public void Plan_Command_RunsTheInterpreterWithDashC()
    {
        using var services = new SlaveServices();

        var command = Method(services).Plan(new MethodInvocation("print(6*7)", _temp.Path, null, MethodProbe.Available("/usr/bin/python3")));

        Assert.Equal("/usr/bin/python3", command.FileName);
        Assert.Equal(["-c", "print(6*7)"], command.Arguments);
    }

    private static IExecutionMethod Method(SlaveServices services) => services.GetAll<IExecutionMethod>().Single(m => m.Name == ExecutionMethod.Python);
}
