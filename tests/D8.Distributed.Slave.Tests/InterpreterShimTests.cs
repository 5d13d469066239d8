using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// Spec §4: behind a version manager's shim (pyenv, asdf) the python method runs the real interpreter, which the probe
/// resolves once (<c>sys.executable</c>), so no task pays for the shim. The shim leaves a mark each time it runs: the
/// probe may run it, tasks must not.
/// </summary>
public sealed class InterpreterShimTests(VirtualenvFixture venv) : IClassFixture<VirtualenvFixture>
{
    [Fact]
    public async Task Execute_Python3OnTheSearchPathIsAShim_RunsTheRealInterpreterNotTheShim()
    {
        using var shim = new PythonShim();
        await using var server = await SlaveServer.StartAsync(o => o.ExecutableSearchPath = shim.Directory);
        await server.HealthAsync(); // answers once the first probe (run in the background at start) is done
        var runsByTheProbe = shim.Runs;

        var results = new List<ExecuteResponse>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; print(sys.executable)", Method = ExecutionMethod.Python }));
        }

        Assert.All(results, result => Assert.Equal((true, shim.Interpreter + "\n"), (result.Success, result.Output)));
        Assert.Equal(1, runsByTheProbe);
        Assert.Equal(runsByTheProbe, shim.Runs);
        Assert.StartsWith("3.", (await server.HealthAsync()).PythonVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ConfiguredInterpreterIsAShim_RunsTheRealInterpreter()
    {
        using var shim = new PythonShim("python-wrapper");
        await using var server = await SlaveServer.StartAsync(o => o.PythonExecutable = shim.Path);

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; print(sys.executable)", Method = ExecutionMethod.Python });

        Assert.Equal((true, shim.Interpreter + "\n"), (result.Success, result.Output));
        Assert.Equal(1, shim.Runs);
    }

    [Fact]
    public async Task Execute_CapabilitiesRefreshedWithNothingChanged_DoNotRunTheShimAgain()
    {
        using var shim = new PythonShim();
        await using var server = await SlaveServer.StartAsync(o => o.ExecutableSearchPath = shim.Directory);

        await server.Service<D8.Distributed.Slave.Internal.CapabilityProbe>().RefreshAsync(CancellationToken.None);
        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; print(sys.executable)" });

        Assert.Equal((ExecutionMethod.Python, shim.Interpreter + "\n"), (result.Method, result.Output));
        Assert.Equal(1, shim.Runs);
    }

    [Fact]
    public async Task Execute_VenvInterpreterIsAShimScript_RunsWhatItExecsAndStaysInTheVirtualenv()
    {
        // A virtualenv whose bin/python is a script that execs the real virtualenv's interpreter (as a wrapper might).
        using var wrapped = new TempDirectory("d8-venv-shim");
        var marker = wrapped.Combine("ran.log");
        FakeInterpreter.Write(wrapped.Combine("bin", "python"), $"echo ran >> '{marker}'\nexec '{System.IO.Path.Combine(venv.Path, "bin", "python")}' \"$@\"");
        await using var server = await SlaveServer.StartAsync(o => o.VenvPath = wrapped.Path);

        var first = await server.ExecuteAsync(new ExecuteRequest { Command = "import sys; print(sys.prefix); print(sys.prefix != sys.base_prefix)", Method = ExecutionMethod.Venv });
        var second = await server.ExecuteAsync(new ExecuteRequest { Command = "print(1)", Method = ExecutionMethod.Venv });

        Assert.Equal((true, $"{venv.Path}\nTrue\n"), (first.Success, first.Output));
        Assert.True(second.Success, second.Error);
        Assert.Single(File.ReadAllLines(marker));
    }
}
