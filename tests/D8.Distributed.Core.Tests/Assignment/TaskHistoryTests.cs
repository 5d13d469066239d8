using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Assignment;

public sealed class TaskHistoryTests
{
    [Fact]
    public async Task Dispatch_RealSlave_RecordsNewestFirstWithinCapacity()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(options => options.TaskHistoryCapacity = 2);
        await master.AddAsync("pc", slave.Port);

        await master.Dispatcher.DispatchAsync(D8Task.Python("print('first')"));
        var ok = await master.Dispatcher.DispatchAsync(D8Task.Python("for i in range(9): print(i)") with { TaskType = "count" });
        var failed = await master.Dispatcher.DispatchAsync(D8Task.Python("import sys; sys.stderr.write('boom\\n'); sys.exit(3)"));

        var recent = master.Services.GetRequiredService<ITaskHistory>().GetRecent();
        Assert.Equal(2, recent.Count);
        Assert.Equal(failed.TaskId, recent[0].TaskId);
        Assert.False(recent[0].Success);
        Assert.Equal(3, recent[0].ExitCode);
        Assert.Equal("boom", recent[0].Error);
        Assert.Equal("pc", recent[0].SlaveId);
        Assert.Equal(ok.TaskId, recent[1].TaskId);
        Assert.True(recent[1].Success);
        Assert.Equal("count", recent[1].TaskType);
        Assert.Equal("0\n1\n2\n3\n4 …", recent[1].Output);
        Assert.True(recent[1].Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Dispatch_NoEligibleSlave_IsRecordedAsFailureWithReason()
    {
        await using var master = new MasterHost();

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("print(1)") with { TaskId = "t-1" }));

        var entry = Assert.Single(master.Services.GetRequiredService<ITaskHistory>().GetRecent());
        Assert.Equal("t-1", entry.TaskId);
        Assert.Null(entry.SlaveId);
        Assert.False(entry.Success);
        Assert.StartsWith(error.Message.Split('\n')[0], entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstLines_LongSingleLine_IsCutAtMaxChars()
    {
        var text = new string('x', TaskHistory.MaxChars + 10);

        Assert.Equal(new string('x', TaskHistory.MaxChars) + " …", TaskHistory.FirstLines(text));
        Assert.Equal("a\nb", TaskHistory.FirstLines("a\nb\n"));
        Assert.Equal(string.Empty, TaskHistory.FirstLines(null));
    }
}
