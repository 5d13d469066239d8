using System.Globalization;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// Cancel of a running task (<c>POST /api/tasks/{id}/cancel</c>) over HTTP only: run against the in-process slave
/// (<see cref="CancelTests"/>) and the published NativeAOT d8-slave (<c>Aot.AotCancelTests</c>). The rest of the task
/// routes, which need a controlled clock or slot count, are in <see cref="TaskRoutesTests"/>.
/// </summary>
/// <param name="slave">The slave's API.</param>
public abstract class CancelTestsBase(SlaveClient slave) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Cancel_RunningTaskWithAChild_KillsTheTreeAndEveryoneGetsTheCancelledResult()
    {
        var server = slave;
        var (pids, sideEffect) = (_temp.Combine("pids"), _temp.Combine("side-effect"));
        var running = server.ExecuteAsync(new ExecuteRequest
        {
            TaskId = "cancel-me",
            TimeoutSeconds = 120,
            Command = $"""
                import os, subprocess, time
                child = subprocess.Popen(["sleep", "60"])
                with open({Scripts.Quote(pids + ".tmp")}, 'w') as f:
                    f.write(str(os.getpid()) + ' ' + str(child.pid))
                os.replace({Scripts.Quote(pids + ".tmp")}, {Scripts.Quote(pids)})
                time.sleep(60)
                """,
        });
        await Poll.UntilAsync(() => File.Exists(pids), "the task and its child to start");
        var tree = (await File.ReadAllTextAsync(pids)).Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        Assert.All(tree, pid => Assert.False(TaskRoutesTests.IsGone(pid), $"pid {pid} should be running before the cancel"));

        var cancelled = await server.CancelAsync("cancel-me");

        Assert.True(cancelled.Cancelled);
        Assert.False(cancelled.Success);
        Assert.False(cancelled.TimedOut);
        Assert.Null(cancelled.ExitCode);
        Assert.Equal("cancel-me", cancelled.TaskId);
        Assert.Contains("Cancelled: POST /api/tasks/cancel-me/cancel killed the process tree", cancelled.Error, StringComparison.Ordinal);
        Assert.True(cancelled.DurationMs < 60_000, $"the task was killed, not run to its end ({cancelled.DurationMs} ms)");
        await Poll.UntilAsync(() => tree.All(TaskRoutesTests.IsGone), $"the process tree {string.Join(", ", tree)} to be gone");
        Assert.Equal(TaskRoutesTests.Json(cancelled), TaskRoutesTests.Json(await running));

        // A master re-joining (or retrying) gets the cancelled result; its command does not run.
        var again = await server.ExecuteAsync(new ExecuteRequest { TaskId = "cancel-me", Command = $"open({Scripts.Quote(sideEffect)}, 'w').write('ran')" });
        Assert.Equal(TaskRoutesTests.Json(cancelled), TaskRoutesTests.Json(again));
        Assert.False(File.Exists(sideEffect), "a re-execute of a cancelled task must not run anything");
    }
}
