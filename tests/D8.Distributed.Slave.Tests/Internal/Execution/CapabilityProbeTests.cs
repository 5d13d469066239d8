using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class CapabilityProbeTests : IDisposable
{
    private readonly TempDirectory _temp = new("d8-probe");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Current_BeforeTheFirstProbe_KnowsEveryMethodAndOffersNone()
    {
        using var services = new SlaveServices();

        var snapshot = services.Get<CapabilityProbe>().Current;

        Assert.Equal(4, snapshot.Methods.Count);
        Assert.Empty(snapshot.AvailableMethods);
        Assert.Equal(CapabilitySnapshot.UnknownPythonVersion, snapshot.PythonVersion);
    }

    [Fact]
    public async Task RefreshAsync_NativePython_ReportsItsVersionAndTheAvailableMethods()
    {
        Requirements.Python3();
        using var services = new SlaveServices();

        var snapshot = await services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);

        Assert.Equal([ExecutionMethod.Python, ExecutionMethod.Shell], snapshot.AvailableMethods);
        Assert.StartsWith("3.", snapshot.PythonVersion, StringComparison.Ordinal);
        Assert.Same(snapshot, services.Get<CapabilityProbe>().Current);
    }

    [Fact]
    public async Task RefreshAsync_NativePythonAndVenv_ReportsTheNativeVersion()
    {
        var python3 = Requirements.Python3();
        var venvRan = _temp.Combine("venv-ran");
        // bin/python a link, as python3 -m venv makes it (a script there would be run once to resolve it, see VenvMethod).
        var fake = FakeInterpreter.Write(_temp.Combine("base", "python3"), $"touch '{venvRan}'; echo '3.99.1 (fake venv)'");
        Directory.CreateDirectory(_temp.Combine("venv", "bin"));
        File.CreateSymbolicLink(_temp.Combine("venv", "bin", "python"), fake);
        using var services = new SlaveServices(o => o.VenvPath = _temp.Combine("venv"));

        var snapshot = await services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);

        Assert.Equal([ExecutionMethod.Venv, ExecutionMethod.Python, ExecutionMethod.Shell], snapshot.AvailableMethods);
        Assert.StartsWith("3.", snapshot.PythonVersion, StringComparison.Ordinal);
        Assert.NotEqual("3.99.1 (fake venv)", snapshot.PythonVersion);
        Assert.False(File.Exists(venvRan), $"the venv interpreter ran although {python3} told the version");
    }

    [Fact]
    public async Task RefreshAsync_NoNativePythonButAVenv_ReportsTheVenvVersion()
    {
        FakeInterpreter.Write(_temp.Combine("venv", "bin", "python"), "echo '3.99.1 (fake venv)'");
        using var services = new SlaveServices(o => { o.PythonExecutable = "d8-no-such-python"; o.VenvPath = _temp.Combine("venv"); });

        var snapshot = await services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);

        Assert.Equal("3.99.1 (fake venv)", snapshot.PythonVersion);
        Assert.True(snapshot.IsAvailable(ExecutionMethod.Venv));
        Assert.False(snapshot.IsAvailable(ExecutionMethod.Python));
    }

    [Fact]
    public async Task RefreshAsync_NoInterpreterAtAll_ReportsTheVersionUnavailable()
    {
        using var services = new SlaveServices(o => o.PythonExecutable = "d8-no-such-python");

        var snapshot = await services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);

        Assert.Equal(CapabilitySnapshot.UnknownPythonVersion, snapshot.PythonVersion);
        Assert.Equal("'d8-no-such-python' was not found", snapshot.Find(ExecutionMethod.Python)!.Probe.Reason);
    }

    [Fact]
    public async Task RefreshAsync_OneProbeThrows_OnlyThatMethodIsUnavailable()
    {
        Requirements.Python3();
        using var services = new SlaveServices(extra: s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, ThrowingMethod>()));

        var snapshot = await services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);

        Assert.Equal("the probe failed: boom", snapshot.Find("throwing")!.Probe.Reason);
        Assert.Equal([ExecutionMethod.Python, ExecutionMethod.Shell], snapshot.AvailableMethods);
    }

    [Fact]
    public void Constructor_TwoMethodsWithOneName_ThrowsNamingIt()
    {
        using var services = new SlaveServices();
        IExecutionMethod[] methods = [new EchoMethod(), new EchoMethod { ChosenByAuto = true }];

        var exception = Assert.Throws<InvalidOperationException>(() =>
            new CapabilityProbe(methods, services.Get<ProbeRunner>(), TimeProvider.System, NullLogger<CapabilityProbe>.Instance));

        Assert.Contains("'echo'", exception.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingMethod : IExecutionMethod
    {
        public string Name => "throwing";

        public bool ChosenByAuto => true;

        public string Requirement => "throwing never works";

        public Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public ProcessCommand Plan(MethodInvocation invocation) => throw new InvalidOperationException("never planned");
    }
}
