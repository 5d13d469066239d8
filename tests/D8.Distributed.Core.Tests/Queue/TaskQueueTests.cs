using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Queue;

/// <summary>The queue end to end in one process: a real master host, real slaves on loopback, real Python.</summary>
public sealed class TaskQueueTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _work = new("d8-queue");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Enqueue_FiftyTasksOnAOneSlotSlave_AllRunInPriorityThenFifoOrder()
    {
        Requirements.Python3();
        var log = Path.Combine(_work.Path, "order.txt");
        await using var slave = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.StartAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        // No slave yet: every task waits, so the order they start in is the queue's alone.
        var submitted = new List<(string Id, int Priority, int Index)>();
        for (var i = 0; i < 50; i++)
        {
            var priority = (i * 7) % 10;
            var id = $"t{i:00}";
            var task = await queue.EnqueueAsync(D8Task.Python(AppendId(log, id)) with { TaskId = id, Priority = priority });
            Assert.Equal(D8TaskStatus.Queued, task.Status);
            submitted.Add((task.TaskId, priority, i));
        }

        await master.AddAsync("pc", slave.Port);
        var finished = new List<D8TaskInfo>();
        foreach (var (id, _, _) in submitted)
        {
            finished.Add((await queue.WaitAsync(id, Long))!);
        }

        Assert.All(finished, task => Assert.Equal(D8TaskStatus.Succeeded, task.Status));
        Assert.All(finished, task => Assert.Equal("pc", task.SlaveId));
        var expected = submitted.OrderByDescending(task => task.Priority).ThenBy(task => task.Index).Select(task => task.Id).ToArray();
        Assert.Equal(expected, File.ReadAllLines(log));
    }

    [Fact]
    public async Task Enqueue_SameTaskIdTwice_StoresOneTask()
    {
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var first = await queue.EnqueueAsync(D8Task.Python("print(1)") with { TaskId = "same", Priority = 3 });
        var second = await queue.EnqueueAsync(D8Task.Python("print(2)") with { TaskId = "same", Priority = 9 });

        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal("print(1)", second.Command);
        Assert.Equal(3, second.Priority);
        var page = await queue.ListAsync(new D8TaskQuery());
        Assert.Equal("same", Assert.Single(page.Tasks).TaskId);
    }

    [Fact]
    public async Task Enqueue_QueueFull_ThrowsWithRetryAfter_AndStoresNothing()
    {
        await using var master = new MasterHost(
            configure: options => { options.Queue.MaxQueuedTasks = 2; options.Queue.RetryAfter = TimeSpan.FromSeconds(7); },
            services: s => s.AddD8Master().UseInMemoryTaskStore());
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        await queue.EnqueueAsync(D8Task.Python("print(1)"));
        await queue.EnqueueAsync(D8Task.Python("print(2)"));

        var error = await Assert.ThrowsAsync<TaskQueueFullException>(() => queue.EnqueueAsync(D8Task.Python("print(3)") with { TaskId = "third" }));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("MaxQueuedTasks", error.Message, StringComparison.Ordinal);
        Assert.Null(await queue.GetAsync("third"));
        Assert.Equal(2, (await queue.GetStatisticsAsync()).Queued);
    }

    [Theory]
    [InlineData(10, "priority")]
    [InlineData(-1, "priority")]
    public async Task Enqueue_PriorityOutsideTheScale_ThrowsNamingIt(int priority, string named)
    {
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueAsync(D8Task.Python("pass") with { Priority = priority }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_QueuedTask_EndsCancelledAndNeverRuns()
    {
        Requirements.Python3();
        var log = Path.Combine(_work.Path, "ran.txt");
        await using var slave = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.StartAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        await queue.EnqueueAsync(D8Task.Python(AppendId(log, "doomed")) with { TaskId = "doomed", Priority = 9 });
        await queue.EnqueueAsync(D8Task.Python(AppendId(log, "after")) with { TaskId = "after", Priority = 0 });

        var cancel = await queue.CancelAsync("doomed", "changed my mind");
        await master.AddAsync("pc", slave.Port);
        var after = await queue.WaitAsync("after", Long);

        Assert.NotNull(cancel);
        Assert.True(cancel.Cancelled);
        Assert.Equal(D8TaskStatus.Cancelled, cancel.Task.Status);
        Assert.Equal("changed my mind", cancel.Task.Reason);
        Assert.Equal(D8TaskStatus.Succeeded, after!.Status);
        Assert.Equal(["after"], File.ReadAllLines(log));
        Assert.Equal(D8TaskStatus.Cancelled, (await queue.GetAsync("doomed"))!.Status);
    }

    [Fact]
    public async Task Cancel_FinishedOrUnknownTask_ChangesNothing()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.AddAsync("pc", slave.Port);
        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { TaskId = "done" });
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var cancel = await queue.CancelAsync("done");

        Assert.True(result.Success);
        Assert.NotNull(cancel);
        Assert.False(cancel.Cancelled);
        Assert.Equal(D8TaskStatus.Succeeded, cancel.Task.Status);
        Assert.Equal("42\n", cancel.Task.Output);
        Assert.Null(await queue.CancelAsync("never-queued"));
    }

    [Fact]
    public async Task Wait_TaskThatCannotStart_ReturnsItQueuedWhenTheTimeoutPasses()
    {
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.StartAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        await queue.EnqueueAsync(D8Task.Python("pass") with { TaskId = "waiting", RequiredCapabilities = ["gpu"] });

        var task = await queue.WaitAsync("waiting", TimeSpan.FromMilliseconds(200));

        Assert.Equal(D8TaskStatus.Queued, task!.Status);
        Assert.Null(await queue.WaitAsync("unknown", TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public async Task Dispatch_StoresTheTaskWithItsResult_AndDropsEnvironmentValues()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.AddAsync("pc", slave.Port);

        var result = await master.Dispatcher.DispatchAsync(
            D8Task.Python("import os; print(os.environ['SECRET'])") with { TaskId = "env", Environment = new Dictionary<string, string> { ["SECRET"] = "s3cr3t" }, SubmittedBy = "test" });
        var stored = await master.Services.GetRequiredService<ITaskQueue>().GetAsync("env");

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(D8TaskStatus.Succeeded, stored!.Status);
        Assert.Equal("s3cr3t\n", stored.Output);
        Assert.Null(stored.Environment);
        Assert.Equal(["SECRET"], stored.EnvironmentNames);
        Assert.Equal("test", stored.SubmittedBy);
        Assert.Equal(1, stored.Attempts);
        Assert.NotNull(stored.StartedAt);
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal(0, stored.ExitCode);
    }

    [Fact]
    public async Task Dispatch_BusySlave_WaitsForCapacityInsteadOfFailing()
    {
        Requirements.Python3();
        var gate = Path.Combine(_work.Path, "gate");
        await using var slave = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.AddAsync("pc", slave.Port);
        await master.Monitor.CheckAllAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var blocker = master.Dispatcher.DispatchAsync(D8Task.Python(WaitForFile(gate)) with { TaskId = "blocker" });
        await Poll.UntilAsync(async () => (await queue.GetAsync("blocker"))?.Status == D8TaskStatus.Running, "the blocker to run");
        var second = master.Dispatcher.DispatchAsync(D8Task.Python("print('second')") with { TaskId = "second" });
        await Poll.UntilAsync(async () => (await queue.GetAsync("second"))?.Status == D8TaskStatus.Queued, "the second task to be queued");
        Assert.Equal(D8TaskStatus.Queued, (await queue.GetAsync("second"))!.Status);
        await File.WriteAllTextAsync(gate, "go");

        Assert.True((await blocker).Success);
        var result = await second;
        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("second\n", result.Response.Output);
    }

    [Fact]
    public async Task Dispatch_FreeSlotBehindManyTasksForABusySlave_StartsTheTaskDeepInTheQueue()
    {
        // A pass reads only a few times as many queued tasks as there are free slots; when those cannot use the free
        // slot it must look further, or the one task that can would wait behind 100 others.
        Requirements.Python3();
        var gate = Path.Combine(_work.Path, "gate");
        await using var busy = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var free = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore());
        await master.AddAsync("busy", busy.Port);
        await master.Monitor.CheckAllAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        await queue.EnqueueAsync(D8Task.Python(WaitForFile(gate)) with { TaskId = "blocker" });
        await Poll.UntilAsync(async () => (await queue.GetAsync("blocker"))?.Status == D8TaskStatus.Running, "the blocker to run");
        await master.AddAsync("free", free.Port);
        await master.Monitor.CheckAllAsync();
        for (var i = 0; i < 100; i++)
        {
            await queue.EnqueueAsync(D8Task.Python("pass") with { TaskId = $"pinned-{i:000}", SlaveId = "busy" });
        }

        await queue.EnqueueAsync(D8Task.Python("print('deep')") with { TaskId = "deep" });

        var deep = await queue.WaitAsync("deep", Long);
        Assert.Equal(D8TaskStatus.Succeeded, deep!.Status);
        Assert.Equal("free", deep.SlaveId);
        Assert.Equal(D8TaskStatus.Queued, (await queue.GetAsync("pinned-099"))!.Status);
        await File.WriteAllTextAsync(gate, "go");
        Assert.Equal(D8TaskStatus.Succeeded, (await queue.WaitAsync("pinned-099", Long))!.Status);
    }

    internal static string AppendId(string path, string id) =>
        $"with open({PythonString(path)}, 'a') as f:\n    f.write({PythonString(id)} + '\\n')\n";

    internal static string WaitForFile(string path) =>
        $"import os, time\nwhile not os.path.exists({PythonString(path)}):\n    time.sleep(0.02)\n";

    internal static string PythonString(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
