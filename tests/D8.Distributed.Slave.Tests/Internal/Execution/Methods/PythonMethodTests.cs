using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class PythonMethodTests : IDisposable
{
    private readonly TempDirectory _temp = new("d8-python-method");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProbeAsync_Python3OnPath_IsAvailableWithItsInterpreterAndVersion()
    {
        // python3 on PATH may itself be a shim (pyenv on these machines): what tasks run is the interpreter behind it.
        var interpreter = Requirements.RealPython3();
        using var services = new SlaveServices();

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal((interpreter, interpreter), (probe.Executable, probe.PythonInterpreter));
        Assert.StartsWith("3.", probe.PythonVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ShimFirstOnTheSearchPath_ResolvesTheInterpreterBehindIt()
    {
        using var shim = new PythonShim();
        using var services = new SlaveServices(o => o.ExecutableSearchPath = shim.Directory);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal(shim.Interpreter, probe.Executable);
        Assert.Equal(1, shim.Runs);
    }

    [Fact]
    public async Task ProbeAsync_AgainWithNothingChanged_RunsNothing()
    {
        using var shim = new PythonShim();
        using var services = new SlaveServices(o => o.ExecutableSearchPath = shim.Directory);
        var method = Method(services);

        var first = await method.ProbeAsync(CancellationToken.None);
        var second = await method.ProbeAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, shim.Runs);
    }

    [Fact]
    public async Task Plan_ResolvedInterpreterGone_RunsTheConfiguredProgramUntilTheNextProbeResolvesAgain()
    {
        // Fakes all round: a "shim" that names an "interpreter" file as its sys.executable, then that file is removed
        // (a pyenv version uninstalled) and recreated (reinstalled).
        var interpreter = FakeInterpreter.Write(_temp.Combine("versions", "python3.99"), "exit 0");
        var marker = _temp.Combine("shim-runs");
        var shim = FakeInterpreter.Write(_temp.Combine("shims", "python3"), $"echo ran >> '{marker}'\necho '{interpreter}'\necho '3.99.0 (fake)'");
        using var services = new SlaveServices(o => o.PythonExecutable = shim);
        var method = Method(services);
        var probe = await method.ProbeAsync(CancellationToken.None);
        Assert.Equal((interpreter, "3.99.0 (fake)"), (probe.Executable, probe.PythonVersion));

        File.Delete(interpreter);
        var whileGone = method.Plan(new MethodInvocation("print(1)", _temp.Path, null, probe));
        FakeInterpreter.Write(interpreter, "exit 0");
        var reprobed = await method.ProbeAsync(CancellationToken.None);

        Assert.Equal(shim, whileGone.FileName);
        Assert.Equal(interpreter, reprobed.Executable);
        Assert.Equal(2, File.ReadAllLines(marker).Length);
    }

    [Fact]
    public async Task ProbeAsync_InterpreterThatNamesNoExecutable_RunsTheConfiguredProgram()
    {
        var quiet = FakeInterpreter.Write(_temp.Combine("python3"), "echo ''\necho '3.99.0 (embedded)'");
        using var services = new SlaveServices(o => o.PythonExecutable = quiet);

        var probe = await Method(services).ProbeAsync(CancellationToken.None);

        Assert.Equal((quiet, "3.99.0 (embedded)"), (probe.Executable, probe.PythonVersion));
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
