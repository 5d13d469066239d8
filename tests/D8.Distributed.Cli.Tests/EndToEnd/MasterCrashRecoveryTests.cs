using System.Globalization;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>
/// The queue survives a SIGKILL of <c>d8-master run</c>: after a restart every queued task runs, every running one is
/// rejoined on its slave by task_id, and each task's side effect happens exactly once. When the slave restarted
/// meanwhile, the running ones end lost and a retryable one runs again on another slave.
/// </summary>
public sealed partial class MasterCrashRecoveryTests
{
    private const string Token = "crash-slave-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Sigkill_ThirtyQueuedTwoRunning_AfterRestartAllCompleteExactlyOnce()
    {
        Requirements.Python3();
        using var data = new TempDirectory();
        var (log, gate) = (data.Combine("ran.txt"), data.Combine("gate"));
        await using var slave = StartSlave(port: 0);
        var slavePort = new Uri(await slave.WaitForLineAsync(ListeningLine(), StartTimeout)).Port;
        var cli = Cli(data);
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "worker", "127.0.0.1", "--port", slavePort.ToString(CultureInfo.InvariantCulture))).ExitCode);

        var first = StartMaster(data);
        var client = await ClientAsync(first);
        for (var i = 0; i < 2; i++)
        {
            await client.SubmitTaskAsync(new TaskSubmitRequest { TaskId = $"running-{i}", Priority = 9, Command = StartedThenAppend(data, log, gate, $"running-{i}") });
        }

        await Poll.UntilAsync(() => File.Exists(data.Combine("started-running-0")) && File.Exists(data.Combine("started-running-1")), "both long tasks to start", StartTimeout);
        var queued = Enumerable.Range(0, 30).Select(i => $"queued-{i:00}").ToList();
        foreach (var id in queued)
        {
            await client.SubmitTaskAsync(new TaskSubmitRequest { TaskId = id, Priority = 5, Command = Append(log, id) });
        }

        var page = await client.ListTasksAsync("queued", limit: 100);
        Assert.Equal(30, page.Tasks.Count);
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = StartMaster(data);
        var restarted = await ClientAsync(second);
        await File.WriteAllTextAsync(gate, "go");
        var all = queued.Prepend("running-1").Prepend("running-0").ToList();
        foreach (var id in all)
        {
            var task = await restarted.WaitForTaskAsync(id, TaskTimeout);
            Assert.True(task.Status == "succeeded", $"{id}: {task.Status} {task.Reason} {task.Error}\n{second}");
        }

        var lines = File.ReadAllLines(log);
        Assert.Equal(all.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        Assert.Equal(1, (await restarted.GetTaskAsync("running-0")).Attempts);
    }

    [Fact]
    public async Task Sigkill_SlaveRestartedMeanwhile_RunningTasksEndLost_ARetryableOneRunsOnAnotherSlave()
    {
        Requirements.Python3();
        using var data = new TempDirectory();
        var (log, gate) = (data.Combine("ran.txt"), data.Combine("gate"));
        var slaveA = StartSlave(port: 0);
        var portA = new Uri(await slaveA.WaitForLineAsync(ListeningLine(), StartTimeout)).Port;
        var cli = Cli(data);
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "a", "127.0.0.1", "--port", portA.ToString(CultureInfo.InvariantCulture))).ExitCode);

        var first = StartMaster(data);
        var client = await ClientAsync(first);
        await client.SubmitTaskAsync(new TaskSubmitRequest { TaskId = "once", Priority = 9, Command = StartedThenAppend(data, log, gate, "once") });
        await client.SubmitTaskAsync(new TaskSubmitRequest { TaskId = "retryable", Priority = 9, MaxRetries = 1, Command = StartedThenAppend(data, log, gate, "retryable") });
        await client.SubmitTaskAsync(new TaskSubmitRequest { TaskId = "waiting", Priority = 0, Command = Append(log, "waiting") });
        await Poll.UntilAsync(() => File.Exists(data.Combine("started-once")) && File.Exists(data.Combine("started-retryable")), "both long tasks to start on slave a", StartTimeout);
        await first.KillAsync();
        await first.DisposeAsync();

        // The slave restarts (it forgets its tasks; their processes die with it), and a second slave joins.
        await slaveA.KillAsync();
        await slaveA.DisposeAsync();
        await using var restartedA = StartSlave(portA);
        await restartedA.WaitForLineAsync(ListeningLine(), StartTimeout);
        await using var slaveB = StartSlave(port: 0);
        var portB = new Uri(await slaveB.WaitForLineAsync(ListeningLine(), StartTimeout)).Port;
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "b", "127.0.0.1", "--port", portB.ToString(CultureInfo.InvariantCulture))).ExitCode);
        await File.WriteAllTextAsync(gate, "go");

        await using var second = StartMaster(data);
        var restarted = await ClientAsync(second);
        var once = await restarted.WaitForTaskAsync("once", TaskTimeout);
        var retryable = await restarted.WaitForTaskAsync("retryable", TaskTimeout);
        var waiting = await restarted.WaitForTaskAsync("waiting", TaskTimeout);

        Assert.True(once.Status == "lost", $"once: {once.Status} {once.Reason}\n{second}");
        Assert.Contains("no longer knows the task", once.Reason, StringComparison.Ordinal);
        Assert.True(retryable.Status == "succeeded", $"retryable: {retryable.Status} {retryable.Reason} {retryable.Error}\n{second}");
        Assert.Equal("b", retryable.SlaveId);
        Assert.Equal(2, retryable.Attempts);
        Assert.Equal("succeeded", waiting.Status);
        Assert.Equal(["retryable", "waiting"], File.ReadAllLines(log).Order(StringComparer.Ordinal));
    }

    private static CliRunner Cli(TempDirectory data) => new(data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = Token });

    private static SampleProcess StartSlave(int port) =>
        SampleProcess.Start("D8.Slave.Sample", "d8-slave", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = Token,
            ["D8__Slave__MaxConcurrentTasks"] = "2",
        }, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture));

    private static SampleProcess StartMaster(TempDirectory data) =>
        SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = Token,
            ["D8_DATA_DIR"] = data.Path,
            ["D8__Dashboard__Port"] = "0",
            ["D8__Master__HealthCheckInterval"] = "00:00:01",
            ["D8__Master__HealthCheckTimeout"] = "00:00:01",
            ["D8__Master__RecoveryProbeDelay"] = "00:00:00.200",
        }, "run");

    private static async Task<D8MasterClient> ClientAsync(SampleProcess master)
    {
        // WaitForLineAsync answers the pattern's first group: the URL.
        var url = await master.WaitForLineAsync(DashboardLine(), StartTimeout);
        return new D8MasterClient(new HttpClient { BaseAddress = new Uri(url) });
    }

    private static string Append(string log, string id) =>
        $"import fcntl\nwith open({Py(log)}, 'a') as f:\n    fcntl.flock(f, fcntl.LOCK_EX)\n    f.write({Py(id)} + '\\n')\n";

    private static string StartedThenAppend(TempDirectory data, string log, string gate, string id) =>
        $"import os, time\nopen({Py(data.Combine("started-" + id))}, 'w').close()\nwhile not os.path.exists({Py(gate)}):\n    time.sleep(0.05)\n" + Append(log, id);

    private static string Py(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"d8-master: dashboard on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex DashboardLine();
}
