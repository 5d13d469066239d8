using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Assignment;

/// <summary>Acceptance points of the issue that ask for real slaves from the slave package, on loopback.</summary>
public sealed class RealSlaveDispatchTests
{
    [Fact]
    public async Task Dispatch_RealSlave_RunsPythonAndShell()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave.Port);

        var python = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));
        var shell = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo from-shell"));

        Assert.True(python.Success, python.Response.Error);
        Assert.Equal("42\n", python.Response.Output);
        Assert.Equal(0, python.Response.ExitCode);
        Assert.Equal(python.TaskId, python.Response.TaskId);
        Assert.Equal("from-shell\n", shell.Response.Output);
    }

    [Fact]
    public async Task Dispatch_RealSlaveOnAnotherCommit_GetsNoTasks_ButWarnOnlyLetsItWork()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync(options => options.Commit = "fedcba9876");
        await using (var exact = new MasterHost())
        {
            await exact.AddAsync("other", slave.Port);

            Assert.Equal(SlaveStatus.VersionMismatch, (await exact.Monitor.CheckAsync("other")).Status);
            var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => exact.Dispatcher.DispatchAsync(D8Task.Python("print(1)")));
            Assert.Contains("fedcba9876", error.Exclusions["other"], StringComparison.Ordinal);
        }

        await using var warnOnly = new MasterHost(options => options.VersionPolicy = D8VersionPolicy.WarnOnly);
        await warnOnly.AddAsync("other", slave.Port);
        var result = await warnOnly.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));
        Assert.True(result.Success, result.Response.Error);
        Assert.True(warnOnly.Events.Has(SlaveEventKind.VersionMismatch, "other"));
    }
}
