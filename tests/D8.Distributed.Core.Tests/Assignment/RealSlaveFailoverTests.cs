using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Assignment;

/// <summary>Acceptance points of the issue that ask for real slaves from the slave package, on loopback.</summary>
public sealed class RealSlaveFailoverTests
{
    [Fact]
    public async Task Dispatch_NetworkToTheFirstRealSlaveDiesMidTask_SameTaskIdCompletesOnTheSecond()
    {
        Requirements.Python3();
        await using var slaveA = await RealSlave.StartAsync();
        await using var slaveB = await RealSlave.StartAsync();
        await using var toA = new TcpProxy(slaveA.Port);
        await using var toB = new TcpProxy(slaveB.Port);
        await using var master = new MasterHost();
        await master.AddAsync("a", toA.Port);
        await master.AddAsync("b", toB.Port);
        await master.Monitor.CheckAllAsync();

        var dispatch = master.Dispatcher.DispatchAsync(
            D8Task.Python("import time\ntime.sleep(2)\nprint(6*7)") with { TaskId = "failover-real" });
        await toA.ExecuteSeen.WaitAsync(TimeSpan.FromSeconds(20));
        await toA.CutAsync();
        var result = await dispatch.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("42\n", result.Response.Output);
        Assert.Equal("b", result.SlaveId);
        Assert.Equal("failover-real", result.TaskId);
        Assert.Equal("failover-real", result.Response.TaskId);
        Assert.Equal(["a", "b"], result.AttemptedSlaves);
        Assert.Equal(1, toB.ExecuteRequests);
    }

    [Fact]
    public async Task Dispatch_RealSlaveCodeExitsNonZero_ReturnedAsFailedAndNotRedispatched()
    {
        Requirements.Python3();
        await using var slaveA = await RealSlave.StartAsync();
        await using var slaveB = await RealSlave.StartAsync();
        await using var toA = new TcpProxy(slaveA.Port);
        await using var toB = new TcpProxy(slaveB.Port);
        await using var master = new MasterHost();
        await master.AddAsync("a", toA.Port);
        await master.AddAsync("b", toB.Port);
        await master.Monitor.CheckAllAsync();

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("import sys\nprint('partial')\nsys.exit(3)"));

        Assert.False(result.Success);
        Assert.Equal(3, result.Response.ExitCode);
        Assert.Equal("partial\n", result.Response.Output);
        Assert.Single(result.AttemptedSlaves);
        Assert.Equal(1, toA.ExecuteRequests + toB.ExecuteRequests);
    }

    [Fact]
    public async Task Breaker_FailingSlaveAOpens_RealSlaveBKeepsWorking()
    {
        Requirements.Python3();
        await using var a = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Fail);
        await using var b = await RealSlave.StartAsync();
        await using var master = new MasterHost(options => options.MaxFailoverAttempts = 0);
        await master.AddAsync("a", a);
        await master.AddAsync("b", b.Port);
        await master.Monitor.CheckAllAsync();

        // Two tasks pinned to A: 3 + 2 failed attempts open A's breaker; the sixth attempt never reaches A.
        await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-1" }));
        await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-2" }));
        var rejected = await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "a", TaskId = "a-3" }));

        Assert.Equal(5, a.ExecuteRequests);
        Assert.Contains("circuit breaker is open", rejected.InnerException!.Message, StringComparison.Ordinal);
        var onB = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { SlaveId = "b" });
        Assert.True(onB.Success, onB.Response.Error);
    }
}
