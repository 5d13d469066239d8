using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class VenvMethodTests : IDisposable
{
    private readonly TempDirectory _temp = new("d8-venv-method");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProbeAsync_NoVenvPath_IsDisabled()
    {
        using var services = new SlaveServices();

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, true, "D8:Slave:VenvPath is not set"), (probe.IsAvailable, probe.IsDisabled, probe.Reason));
    }

    [Fact]
    public async Task ProbeAsync_VenvWithoutInterpreter_IsUnavailableNamingThePath()
    {
        using var services = new SlaveServices(o => o.VenvPath = _temp.Path);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, false), (probe.IsAvailable, probe.IsDisabled));
        Assert.Equal($"'{_temp.Combine("bin", "python")}' does not exist", probe.Reason);
    }

    [Fact]
    public async Task ProbeAsync_VenvWithInterpreter_IsAvailableWithoutRunningIt()
    {
        // An interpreter that would leave a trace if the probe ran it: existence is the whole test.
        var ran = _temp.Combine("ran");
        var interpreter = FakeInterpreter.Write(_temp.Combine("venv", "bin", "python"), $"touch '{ran}'");
        using var services = new SlaveServices(o => o.VenvPath = _temp.Combine("venv"));

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal((interpreter, interpreter, null), (probe.Executable, probe.PythonInterpreter, probe.PythonVersion));
        Assert.False(File.Exists(ran));
    }

    [Fact]
    public void Plan_Command_RunsTheVenvInterpreterWithDashC()
    {
        using var services = new SlaveServices(o => o.VenvPath = "/opt/venv");

        var command = Method(services).Plan(new MethodInvocation("print(1)", _temp.Path, null, MethodProbe.Available("/opt/venv/bin/python")));

        Assert.Equal("/opt/venv/bin/python", command.FileName);
        Assert.Equal(["-c", "print(1)"], command.Arguments);
    }

    private static IExecutionMethod Method(SlaveServices services) => services.GetAll<IExecutionMethod>().Single(m => m.Name == ExecutionMethod.Venv);
}
