using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Queue;

/// <summary>
/// A master that stops while a task runs, and a new master on the same store: the task is rejoined on its slave by
/// task_id and never runs twice; a slave that forgot it makes it lost, or re-run when it is retryable. Cancel of a
/// running task kills it on the slave.
/// </summary>
public sealed class TaskRecoveryTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _work = new("d8-recovery");
    private readonly InMemoryTaskStore _store = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Restart_TaskStillRunningOnItsSlave_IsRejoinedAndRunsOnce()
    {
        Requirements.Python3();
        var (log, gate) = (Path.Combine(_work.Path, "ran.txt"), Path.Combine(_work.Path, "gate"));
        await using var slave = await RealSlave.StartAsync();
        await StartTaskAndStopMasterAsync(slave, D8Task.Python(AppendThenWait(log, "rejoined", gate)) with { TaskId = "rejoined" }, log);

        await using var second = await StartMasterAsync(slave);
        var queue = second.Services.GetRequiredService<ITaskQueue>();
        await Poll.UntilAsync(() => second.Services.GetRequiredService<TaskDispatchLoop>().InFlight == 1, "the new master to rejoin the task");
        await File.WriteAllTextAsync(gate, "go");
        var task = await queue.WaitAsync("rejoined", Long);

        Assert.Equal(D8TaskStatus.Succeeded, task!.Status);
        Assert.Equal("rejoined\n", task.Output);
        Assert.Equal(["rejoined"], File.ReadAllLines(log));
        Assert.Equal(1, task.Attempts);
    }

    [Fact]
    public async Task Restart_SlaveRestartedMeanwhile_TaskIsLostWithTheReason_AndNeverRunsAgain()
    {
        Requirements.Python3();
        var (log, gate) = (Path.Combine(_work.Path, "ran.txt"), Path.Combine(_work.Path, "gate"));
        await using var slave = await RealSlave.StartAsync();
        await StartTaskAndStopMasterAsync(slave, D8Task.Python(AppendThenWait(log, "forgotten", gate)) with { TaskId = "forgotten" }, log);
        await slave.StopAsync();
        await slave.RestartAsync();

        await using var second = await StartMasterAsync(slave);
        var task = await second.Services.GetRequiredService<ITaskQueue>().WaitAsync("forgotten", Long);

        Assert.Equal(D8TaskStatus.Lost, task!.Status);
        Assert.Contains("no longer knows the task", task.Reason, StringComparison.Ordinal);
        Assert.Null(task.Environment);
        Assert.Equal(["forgotten"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task Restart_SlaveRestartedMeanwhile_RetryableTaskRunsAgain()
    {
        Requirements.Python3();
        var (log, gate) = (Path.Combine(_work.Path, "ran.txt"), Path.Combine(_work.Path, "gate"));
        await using var slave = await RealSlave.StartAsync();
        await StartTaskAndStopMasterAsync(slave, D8Task.Python(AppendThenWait(log, "retryable", gate)) with { TaskId = "retryable", MaxRetries = 1 }, log);
        await slave.StopAsync();
        await slave.RestartAsync();
        await File.WriteAllTextAsync(gate, "go");

        await using var second = await StartMasterAsync(slave);
        var task = await second.Services.GetRequiredService<ITaskQueue>().WaitAsync("retryable", Long);

        Assert.Equal(D8TaskStatus.Succeeded, task!.Status);
        Assert.Equal(2, task.Attempts);
        Assert.Equal(["retryable", "retryable"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task Cancel_RunningTask_KillsItOnTheSlaveAndEndsCancelled()
    {
        Requirements.Python3();
        var pidFile = Path.Combine(_work.Path, "pid");
        await using var slave = await RealSlave.StartAsync();
        await using var master = await StartMasterAsync(slave);
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        var code = $"import os, time\nopen({TaskQueueTests.PythonString(pidFile)}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n";
        var dispatch = master.Dispatcher.DispatchAsync(D8Task.Python(code) with { TaskId = "sleeper" });
        await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Length > 0, "the task to start");
        var pid = int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);

        var cancel = await queue.CancelAsync("sleeper", "operator");
        var result = await dispatch;

        Assert.True(cancel!.Cancelled);
        Assert.Equal(D8TaskStatus.Cancelled, cancel.Task.Status);
        Assert.False(result.Success);
        await Poll.UntilAsync(() => !IsAlive(pid), $"process {pid} to be killed");
        var stored = await queue.GetAsync("sleeper");
        Assert.Equal(D8TaskStatus.Cancelled, stored!.Status);
        Assert.Equal("operator", stored.Reason);
    }

    private static bool IsAlive(int pid)
    {
        var status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
        try
        {
            // A zombie is dead: it only waits for its parent to reap it.
            return File.ReadLines(status).FirstOrDefault(line => line.StartsWith("State:", StringComparison.Ordinal)) is { } state && !state.Contains('Z', StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task StartTaskAndStopMasterAsync(RealSlave slave, D8Task task, string log)
    {
        await using var first = await StartMasterAsync(slave);
        await first.Services.GetRequiredService<ITaskQueue>().EnqueueAsync(task);
        await Poll.UntilAsync(() => File.Exists(log) && File.ReadAllText(log).Length > 0, "the task to start on the slave");
        Assert.Equal(D8TaskStatus.Running, (await _store.GetAsync(task.TaskId!))!.Status);
    }

    private async Task<MasterHost> StartMasterAsync(RealSlave slave)
    {
        var master = new MasterHost(
            configure: options => options.RecoveryProbeDelay = TimeSpan.FromMilliseconds(50),
            services: services => services.AddD8Master().UseTaskStore(_ => _store));
        await master.AddAsync("pc", slave.Port);
        await master.StartAsync();
        return master;
    }

    private static string AppendThenWait(string log, string id, string gate) =>
        TaskQueueTests.AppendId(log, id) + TaskQueueTests.WaitForFile(gate) + $"print({TaskQueueTests.PythonString(id)})\n";
}
