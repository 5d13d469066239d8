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
    public async Task ProbeAsync_VenvInterpreterIsALink_IsAvailableAsTheLinkWithoutRunningIt()
    {
        // As python3 -m venv makes it: bin/python a link to the base interpreter. The link is kept (following it would
        // leave the virtualenv), and an interpreter that would leave a trace if the probe ran it shows that existence
        // is the whole test.
        var ran = _temp.Combine("ran");
        var target = FakeInterpreter.Write(_temp.Combine("base", "python3"), $"touch '{ran}'");
        Directory.CreateDirectory(_temp.Combine("venv", "bin"));
        var link = _temp.Combine("venv", "bin", "python");
        File.CreateSymbolicLink(link, target);
        using var services = new SlaveServices(o => o.VenvPath = _temp.Combine("venv"));

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal((link, link, null), (probe.Executable, probe.PythonInterpreter, probe.PythonVersion));
        Assert.False(File.Exists(ran));
    }

    [Fact]
    public async Task ProbeAsync_VenvInterpreterIsAScript_ResolvesWhatItReportsOnce()
    {
        var marker = _temp.Combine("ran");
        var reported = FakeInterpreter.Write(_temp.Combine("other-venv", "bin", "python"), "exit 0");
        FakeInterpreter.Write(_temp.Combine("venv", "bin", "python"), $"echo ran >> '{marker}'\necho '{reported}'\necho '3.99.0 (fake)'");
        using var services = new SlaveServices(o => o.VenvPath = _temp.Combine("venv"));
        var method = Method(services);

        var probe = await method.ProbeAsync(CancellationToken.None);
        var again = await method.ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal((reported, reported), (probe.Executable, probe.PythonInterpreter));
        Assert.Equal(probe, again);
        Assert.Single(File.ReadAllLines(marker));
    }

    [Fact]
    public async Task ProbeAsync_VenvInterpreterIsAFailingScript_IsUnavailableSayingWhy()
    {
        FakeInterpreter.Write(_temp.Combine("venv", "bin", "python"), "echo 'broken wrapper' >&2\nexit 4");
        using var services = new SlaveServices(o => o.VenvPath = _temp.Combine("venv"));

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.False(probe.IsAvailable);
        Assert.EndsWith("is a script and failed: exit code 4: broken wrapper", probe.Reason, StringComparison.Ordinal);
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
