using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class ShellMethodTests
{
    [Fact]
    public async Task ProbeAsync_ShellNotAllowed_IsDisabled()
    {
        using var services = new SlaveServices(o => o.AllowShell = false);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, true, "D8:Slave:AllowShell is off"), (probe.IsAvailable, probe.IsDisabled, probe.Reason));
    }

    [Fact]
    public async Task ProbeAsync_ShellAllowed_IsAvailableAsBinSh()
    {
        Assert.True(File.Exists("/bin/sh"), "This test needs /bin/sh (any POSIX system has it).");
        using var services = new SlaveServices();

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((true, "/bin/sh"), (probe.IsAvailable, probe.Executable));
    }

    [Fact]
    public void Method_Shell_IsNeverChosenByAuto()
    {
        using var services = new SlaveServices();

        Assert.False(Method(services).ChosenByAuto);
    }

    [Fact]
    public void Plan_Command_RunsBinShWithDashC()
    {
        using var services = new SlaveServices();

        var command = Method(services).Plan(new MethodInvocation("echo hi | tr a-z A-Z", "/tmp", null, MethodProbe.Available("/bin/sh")));

        Assert.Equal("/bin/sh", command.FileName);
        Assert.Equal(["-c", "echo hi | tr a-z A-Z"], command.Arguments);
    }

    private static IExecutionMethod Method(SlaveServices services) => services.GetAll<IExecutionMethod>().Single(m => m.Name == ExecutionMethod.Shell);
}
