using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace D8.Reliability.Tests.Load;

/// <summary>
/// Issue 7 load test: many execute requests at concurrency 16 through the real master to two real d8-slave processes
/// on loopback, running the real python. Every result is checked, every task must have run exactly once (each task
/// appends its index to a file), and the slaves' memory must stay bounded.
/// </summary>
[Trait("Category", "Load")]
public sealed class MasterLoadTests(ITestOutputHelper output)
{
    /// <summary>The number of tasks; the issue's target is 1,000 (the default); D8_LOAD_TASKS lowers it for quicker local runs.</summary>
    public const string TaskCountVariable = "D8_LOAD_TASKS";

    private const int Concurrency = 16;
    // The issue's full count. On a quiet 2-core machine 1,000 python spawns take about a minute (measured 72 s for this
    // class); on a loaded one much longer, but nothing here is timed. D8_LOAD_TASKS=200 gives a quicker local run.
    private const int DefaultTaskCount = 1000;
    private const long MaxWorkingSetGrowth = 150L * 1024 * 1024;

    [Fact]
    public async Task DispatchAsync_ManyTasksAtConcurrency16_EveryResultCorrectOnceAndSlaveMemoryBounded()
    {
        var count = TaskCount();
        using var ran = new SideEffects();
        // Each slave may run half the concurrency at once, so the master always has a slave below its capacity.
        var settings = new Dictionary<string, string> { ["MaxConcurrentTasks"] = (Concurrency / 2).ToString(CultureInfo.InvariantCulture) };
        await using var slaveA = await SlaveProcess.StartAsync(settings: settings);
        await using var slaveB = await SlaveProcess.StartAsync(settings: settings);
        await using var master = new MasterHarness();
        await master.StartAsync();
        await master.AddAsync("load-a", slaveA.Port);
        await master.AddAsync("load-b", slaveB.Port);
        await Poll.UntilAsync(() => master.Registry.GetAll().All(s => s.Status == SlaveStatus.Healthy), "both slaves healthy", TimeSpan.FromSeconds(60));

        var results = new ConcurrentDictionary<int, D8TaskResult>();
        var failures = new ConcurrentQueue<string>();
        var warmUp = Math.Min(count, 2 * Concurrency);
        var watch = Stopwatch.StartNew();
        await RunAsync(master.Dispatcher, ran, 0, warmUp, results, failures);
        var before = (A: slaveA.WorkingSet, B: slaveB.WorkingSet);
        await RunAsync(master.Dispatcher, ran, warmUp, count, results, failures);
        var after = (A: slaveA.WorkingSet, B: slaveB.WorkingSet);
        watch.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} tasks at concurrency {Concurrency} in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:0.0}/s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set A {before.A / 1048576.0:0.0} -> {after.A / 1048576.0:0.0} MiB, B {before.B / 1048576.0:0.0} -> {after.B / 1048576.0:0.0} MiB"));

        Assert.True(failures.IsEmpty, $"{failures.Count} task(s) failed: {string.Join(" | ", failures.Take(5))}");
        Assert.Equal(count, results.Count);
        foreach (var (index, result) in results)
        {
            Assert.True(result.Success, $"task {index}: {result.Response.Error}");
            Assert.Equal($"{index}\n", result.Response.Output);
            Assert.Equal(ExecutionMethod.Python, result.Response.Method);
            Assert.Single(result.AttemptedSlaves);
        }

        Assert.Equal(count, results.Values.Select(r => r.TaskId).Distinct(StringComparer.Ordinal).Count());
        var lines = ran.Lines;
        Assert.Equal(count, lines.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines.OrderBy(l => int.Parse(l, CultureInfo.InvariantCulture)));
        Assert.True(results.Values.Any(r => r.SlaveId == "load-a") && results.Values.Any(r => r.SlaveId == "load-b"), "both slaves took tasks");

        Assert.True(after.A - before.A < MaxWorkingSetGrowth, $"slave A grew by {(after.A - before.A) / 1048576.0:0.0} MiB");
        Assert.True(after.B - before.B < MaxWorkingSetGrowth, $"slave B grew by {(after.B - before.B) / 1048576.0:0.0} MiB");
    }

    private static async Task RunAsync(ITaskDispatcher dispatcher, SideEffects ran, int from, int to, ConcurrentDictionary<int, D8TaskResult> results, ConcurrentQueue<string> failures)
    {
        var next = from - 1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < to)
            {
                var marker = index.ToString(CultureInfo.InvariantCulture);
                try
                {
                    var result = await dispatcher.DispatchAsync(new D8Task
                    {
                        Command = ran.Record(marker, $"print({marker})\n"),
                        Method = ExecutionMethod.Python,
                        Timeout = TimeSpan.FromSeconds(60),
                    });
                    if (!results.TryAdd(index, result))
                    {
                        failures.Enqueue($"task {index} answered twice");
                    }
                }
#pragma warning disable CA1031 // Every failure is collected and reported by the assertion, with its message.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures.Enqueue($"task {index}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });
        await Task.WhenAll(workers);
    }

    private static int TaskCount()
    {
        var text = Environment.GetEnvironmentVariable(TaskCountVariable);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : DefaultTaskCount;
    }
}
