using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Assignment;

/// <summary>
/// Assignment that learns (§14), end to end: two real slaves where one runs <c>render</c> three times slower (its
/// working directory says how much the task sleeps), a real master with the default SQLite store.
/// </summary>
public sealed class LearnedAssignmentTests : IDisposable
{
    private const string Render = "import time\ntime.sleep(0.8 * float(open('speed').read()))\n";
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _work = new("d8-learning");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task RenderTasks_AfterAWarmUp_MostlyGoToTheFastSlave_PredictedWithin30Percent_AndTheModelSurvivesARestart()
    {
        Requirements.Python3();
        await using var fast = await RealSlave.StartAsync(options => Speed(options, "fast", 1));
        await using var slow = await RealSlave.StartAsync(options => Speed(options, "slow", 3));
        var data = Path.Combine(_work.Path, "master");
        Action<D8MasterOptions> configure = options =>
        {
            options.DataDirectory = data;
            options.ExplorationRate = 0; // exploration has its own test; here the placements must be the model's
        };

        var measured = new List<D8TaskInfo>();
        await using (var master = new MasterHost(configure))
        {
            await master.StartAsync();
            await master.AddAsync("fast", fast.Port);
            await master.AddAsync("slow", slow.Port);
            await master.Monitor.CheckAllAsync();
            var queue = master.Services.GetRequiredService<ITaskQueue>();
            for (var i = 0; i < 12; i++)
            {
                var done = await RunAsync(queue, $"render-{i:00}");
                if (i >= 4)
                {
                    measured.Add(done);
                }
            }
        }

        var onFast = measured.Where(task => task.SlaveId == "fast").ToList();
        Assert.True(onFast.Count >= 7, $"after the warm-up {onFast.Count} of {measured.Count} render tasks went to the fast slave: {string.Join(", ", measured.Select(task => task.SlaveId))}");
        Assert.All(onFast, task => Assert.NotNull(task.PredictedDuration));
        var error = onFast.Average(task => Math.Abs((task.Duration!.Value - task.PredictedDuration!.Value).TotalMilliseconds) / task.Duration.Value.TotalMilliseconds);
        Assert.True(error < 0.30, $"mean prediction error of the fast slave's render tasks: {error:P1}");

        // A new master process on the same data directory: the model comes back from the stored history.
        await using (var master = new MasterHost(configure))
        {
            await master.StartAsync();
            await master.Monitor.CheckAllAsync();
            var queue = master.Services.GetRequiredService<ITaskQueue>();
            var first = await RunAsync(queue, "render-after-restart");

            Assert.Equal("fast", first.SlaveId);
            var learnt = onFast.Average(task => task.Duration!.Value.TotalMilliseconds);
            Assert.NotNull(first.PredictedDuration);
            Assert.InRange(first.PredictedDuration!.Value.TotalMilliseconds, learnt * 0.7, learnt * 1.3);
        }
    }

    private static async Task<D8TaskInfo> RunAsync(ITaskQueue queue, string id)
    {
        await queue.EnqueueAsync(D8Task.Python(Render) with { TaskId = id, TaskType = "render" });
        var done = (await queue.WaitAsync(id, Long))!;
        Assert.True(done.Status == D8TaskStatus.Succeeded, $"{id} ended {done.Status}: {done.Error}{done.Reason}");
        return done;
    }

    private void Speed(D8.Distributed.Slave.D8SlaveOptions options, string name, int factor)
    {
        var directory = Path.Combine(_work.Path, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "speed"), factor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        options.MaxConcurrentTasks = 1;
        options.DefaultWorkingDirectory = directory;
    }
}
