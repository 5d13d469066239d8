using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// Spec §4, the docker method on a real Docker engine (dockerd with the vfs storage driver, image
/// <see cref="DockerEngine.TestImage"/> built locally): the task runs inside a container named <c>d8-&lt;task_id&gt;</c>
/// with <c>--network none</c>, and no container outlives its task, whether it ends, times out or is cancelled.
/// </summary>
public sealed class DockerEngineTests(DockerSlaveFixture docker) : IClassFixture<DockerSlaveFixture>
{
    // Creating a container copies the image's whole root file system with vfs: seconds, more on a loaded machine.
    private static readonly TimeSpan ContainerDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Execute_DockerMethod_RunsInsideAContainerThatIsGoneAfterwards()
    {
        var taskId = NewTaskId();

        var result = await docker.Server.ExecuteAsync(new ExecuteRequest
        {
            Command = "import os; print(os.path.exists('/.dockerenv'), os.getcwd(), open('/proc/1/cmdline').read().split('\\0')[0])",
            Method = ExecutionMethod.Docker,
            TaskId = taskId,
        });

        Assert.True(result.Success, result.Error);
        // /.dockerenv exists only inside a container; /app is the mounted working directory; PID 1 is docker's init.
        Assert.Equal(("True /app /sbin/docker-init\n", ExecutionMethod.Docker), (result.Output, result.Method));
        await AssertNoContainerAsync(taskId);
    }

    [Fact]
    public async Task Execute_TimeoutOnALongSleep_LeavesNoContainer()
    {
        var taskId = NewTaskId();

        var result = await docker.Server.ExecuteAsync(new ExecuteRequest
        {
            Command = "import time; time.sleep(60)",
            Method = ExecutionMethod.Docker,
            TaskId = taskId,
            TimeoutSeconds = 2,
        });

        Assert.True(result.TimedOut, result.Error);
        Assert.False(result.Success);
        await AssertNoContainerAsync(taskId);
    }

    [Fact]
    public async Task Cancel_RunningContainer_KillsAndRemovesIt()
    {
        var taskId = NewTaskId();
        var running = docker.Server.ExecuteAsync(new ExecuteRequest { Command = "import time; time.sleep(120)", Method = ExecutionMethod.Docker, TaskId = taskId });
        await Poll.UntilAsync(() => DockerEngine.IsRunningAsync("d8-" + taskId), $"the container d8-{taskId} to run", ContainerDeadline);

        var cancelled = await docker.Server.CancelAsync(taskId);

        Assert.True(cancelled.Cancelled, cancelled.Error);
        Assert.Equal(cancelled.TaskId, (await running).TaskId);
        await AssertNoContainerAsync(taskId);
    }

    [Fact]
    public async Task Execute_DefaultNetworkNone_ReachesNeitherTheSlaveNorTheInternet()
    {
        // The control: with --network host the same task reaches the slave's loopback port, so a failure under
        // --network none is the option at work and not a broken probe.
        await using var hostNetwork = await docker.StartSlaveAsync(o => o.DockerNetwork = "host");
        var port = docker.Server.Client.BaseAddress!.Port;
        var probe = $$"""
            import socket
            def attempt(host, port):
                try:
                    socket.create_connection((host, port), timeout=5).close()
                    return "connected"
                except OSError as error:
                    return type(error).__name__
            interfaces = sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").readlines()[2:])
            print(attempt("127.0.0.1", {{port}}), attempt("1.1.1.1", 53), ",".join(interfaces))
            """;

        var none = await docker.Server.ExecuteAsync(new ExecuteRequest { Command = probe, Method = ExecutionMethod.Docker, TaskId = NewTaskId() });
        var host = await hostNetwork.ExecuteAsync(new ExecuteRequest { Command = probe, Method = ExecutionMethod.Docker, TaskId = NewTaskId() });

        Assert.True(none.Success, none.Error);
        var (slave, internet, interfaces) = Split(none.Output);
        Assert.Equal("ConnectionRefusedError", slave);
        Assert.NotEqual("connected", internet);
        Assert.Equal("lo", interfaces);
        Assert.True(host.Success, host.Error);
        Assert.Equal("connected", Split(host.Output).Slave);
    }

    private static (string Slave, string Internet, string Interfaces) Split(string output)
    {
        var parts = output.Trim().Split(' ');
        Assert.True(parts.Length == 3, $"unexpected output: {output}");
        return (parts[0], parts[1], parts[2]);
    }

    private static string NewTaskId() => Guid.NewGuid().ToString("N");

    private static Task AssertNoContainerAsync(string taskId) =>
        Poll.UntilAsync(async () => (await DockerEngine.ContainersNamedAsync("d8-" + taskId)).Count == 0, $"no container named d8-{taskId} (docker ps -a)", ContainerDeadline);
}
