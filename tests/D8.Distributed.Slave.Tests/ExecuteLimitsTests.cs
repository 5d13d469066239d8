using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>Time limits (the whole process tree dies) and output caps.</summary>
public sealed class ExecuteLimitsTests
{
    [Fact]
    public async Task Execute_Timeout_KillsTheProcessTreeAndReportsTimedOut()
    {
        Requirements.Python3();
        var time = new FakeTimeProvider();
        using var temp = new TempDirectory();
        var pidFile = temp.Combine("pids");
        await using var server = await SlaveServer.StartAsync(timeProvider: time);
        var command = $"""
            import os, subprocess, time
            child = subprocess.Popen(['sleep', '300'])
            print(os.getpid(), child.pid, flush=True)
            with open({Scripts.Quote(pidFile + ".tmp")}, 'w') as f:
                f.write(f'{"{"}os.getpid(){"}"} {"{"}child.pid{"}"}')
            os.replace({Scripts.Quote(pidFile + ".tmp")}, {Scripts.Quote(pidFile)})
            time.sleep(300)
            """;

        var running = server.ExecuteAsync(new ExecuteRequest { Command = command, TimeoutSeconds = 30 });
        await Poll.UntilAsync(() => File.Exists(pidFile), "the task to start its child and write the pids");
        var pids = (await File.ReadAllTextAsync(pidFile)).Split(' ').Select(int.Parse).ToArray();
        Assert.True(IsAlive(pids[1]), "the child should be running before the timeout");
        Assert.False(running.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(30));
        var result = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.TimedOut);
        Assert.False(result.Success);
        Assert.Null(result.ExitCode);
        Assert.Contains("Timed out after 30 s", result.Error, StringComparison.Ordinal);
        Assert.Equal($"{pids[0]} {pids[1]}\n", result.Output);
        await Poll.UntilAsync(() => !IsAlive(pids[0]) && !IsAlive(pids[1]), $"python (pid {pids[0]}) and its child sleep (pid {pids[1]}) to be gone");
    }

    [Fact]
    public async Task Execute_TimeoutAboveTheMaximum_IsCapped()
    {
        Requirements.Python3();
        var time = new FakeTimeProvider();
        using var temp = new TempDirectory();
        await using var server = await SlaveServer.StartAsync(o => { o.DefaultTimeoutSeconds = 1; o.MaxTimeoutSeconds = 2; }, time);
        var started = temp.Combine("started");

        var running = server.ExecuteAsync(new ExecuteRequest { Command = Scripts.WaitForRelease(started, temp.Combine("never")), TimeoutSeconds = 1000 });
        await Poll.UntilAsync(() => File.Exists(started), "the task to start");
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.TimedOut);
        Assert.Contains("Timed out after 2 s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_OutputOverTheCap_IsCutAndFlagged()
    {
        Requirements.Python3();
        await using var server = await SlaveServer.StartAsync(o => o.MaxOutputBytes = 1000);

        // 2 MB on each stream: far beyond a pipe buffer, so the child would hang if the slave stopped reading at the cap.
        var result = await server.ExecuteAsync(new ExecuteRequest
        {
            Command = "import sys\nsys.stdout.write('o' * 2_000_000)\nsys.stderr.write('e' * 2_000_000)\nprint('done', file=sys.stderr)",
        });

        Assert.True(result.Success, "the child must finish despite the cap");
        Assert.Equal(new string('o', 1000), result.Output);
        Assert.Equal(new string('e', 1000), result.Error);
        Assert.True(result.OutputTruncated);
        Assert.True(result.ErrorTruncated);
    }

    [Fact]
    public async Task Execute_OutputUnderTheCap_IsNotFlagged()
    {
        Requirements.Python3();
        await using var server = await SlaveServer.StartAsync(o => o.MaxOutputBytes = 1000);

        var result = await server.ExecuteAsync(new ExecuteRequest { Command = "print('x' * 998)" });

        Assert.Equal(999, result.Output.Length);
        Assert.False(result.OutputTruncated);
        Assert.False(result.ErrorTruncated);
    }

    [Fact]
    public async Task Execute_ClientDisconnectsFromATaskWithoutId_KillsTheProcess()
    {
        Requirements.Python3();
        using var temp = new TempDirectory();
        var started = temp.Combine("started");
        await using var server = await SlaveServer.StartAsync();
        using var disconnect = new CancellationTokenSource();

        var running = server.PostRawAsync(
            $$"""{"command":{{System.Text.Json.JsonSerializer.Serialize(Scripts.WaitForRelease(started, temp.Combine("never")))}}}""",
            cancellationToken: disconnect.Token);
        await Poll.UntilAsync(() => File.Exists(started), "the task to start");
        var pid = int.Parse(await File.ReadAllTextAsync(started), System.Globalization.CultureInfo.InvariantCulture);
        await disconnect.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Poll.UntilAsync(() => !IsAlive(pid), $"python (pid {pid}) to be killed after the client went away");
        await Poll.UntilAsync(async () => (await server.HealthAsync()).RunningTasks == 0, "the slot to be free again");
    }

    /// <summary>A pid is alive while /proc has it and it is not a zombie waiting to be reaped.</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
