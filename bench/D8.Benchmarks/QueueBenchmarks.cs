using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Benchmarks;

/// <summary>
/// The queue's targets (§9): a queued task starts on an idle slave within 5 ms p50 of being queued; 1,000 <c>pass</c>
/// tasks through one master to two slaves within 10 % of the two slaves' own throughput, driven directly.
/// </summary>
internal static class QueueBenchmarks
{
    private const string Commit = "bench-queue";

    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine();
        Console.WriteLine("Task queue (default store: SQLite in a temp data directory, synchronous=FULL)");
        var python = await SlaveBenchmarks.RealInterpreterAsync(Requirements.Python3());
        await using var first = await LoopbackSlave.StartAsync(Commit, python);
        await using var second = await LoopbackSlave.StartAsync(Commit, python);
        await QueueToStartAsync(harness, first);
        await ThroughputAsync(harness, first, second);
    }

    private static async Task QueueToStartAsync(Harness harness, LoopbackSlave slave)
    {
        using var data = new TempDirectory("d8-bench-queue");
        using var host = await StartMasterAsync(data.Path, ("idle", slave));
        var queue = host.Services.GetRequiredService<ITaskQueue>();
        var rounds = harness.Quick ? 40 : 300;
        var waits = new List<double>();
        var submits = new List<double>();
        for (var i = -5; i < rounds; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var queued = await queue.EnqueueAsync(new D8Task { Command = "pass", Method = ExecutionMethod.Python });
            var submit = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            var done = await queue.WaitAsync(queued.TaskId, TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException("task vanished");
            if (done.Status != D8TaskStatus.Succeeded)
            {
                throw new InvalidOperationException($"task ended {done.Status}: {done.Error}{done.Reason}");
            }

            if (i >= 0)
            {
                submits.Add(submit);
                waits.Add((done.StartedAt!.Value - done.QueuedAt).TotalMilliseconds);
            }
        }

        var submitStats = Harness.Stats.From([.. submits]);
        harness.Report("ITaskQueue.EnqueueAsync (durable, SQLite)", "(API submit ≤ 2 ms p50 is measured in 'api')", submitStats.Describe());
        var waitStats = Harness.Stats.From([.. waits]);
        harness.Report("queue-to-start on an idle slave (queued_at -> started_at)", "≤ 5 ms p50", waitStats.Describe(), waitStats.P50 <= 5);
    }

    private static async Task ThroughputAsync(Harness harness, LoopbackSlave first, LoopbackSlave second)
    {
        var count = harness.Quick ? 200 : 1000;
        var slots = Environment.ProcessorCount;

        // The slaves' own limit: each driven directly with as many callers as it has slots, back to back.
        var direct = await TimeAsync(async () =>
        {
            var remaining = count;
            async Task DriveAsync(LoopbackSlave slave)
            {
                using var client = slave.CreateClient();
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    using var response = await client.PostAsJsonAsync(new Uri("/api/execute", UriKind.Relative), new ExecuteRequest { Command = "pass", Method = ExecutionMethod.Python }, D8JsonContext.Default.ExecuteRequest);
                    response.EnsureSuccessStatusCode();
                }
            }

            await Task.WhenAll(Enumerable.Range(0, slots).SelectMany(_ => new[] { DriveAsync(first), DriveAsync(second) }));
        });

        using var data = new TempDirectory("d8-bench-throughput");
        using var host = await StartMasterAsync(data.Path, ("a", first), ("b", second));
        var queue = host.Services.GetRequiredService<ITaskQueue>();
        var viaMaster = await TimeAsync(async () =>
        {
            var ids = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                ids.Add((await queue.EnqueueAsync(new D8Task { Command = "pass", Method = ExecutionMethod.Python })).TaskId);
            }

            foreach (var id in ids)
            {
                var done = await queue.WaitAsync(id, TimeSpan.FromMinutes(5));
                if (done?.Status != D8TaskStatus.Succeeded)
                {
                    throw new InvalidOperationException($"task {id} ended {done?.Status}: {done?.Error}{done?.Reason}");
                }
            }
        });

        var directRate = count / direct.TotalSeconds;
        var masterRate = count / viaMaster.TotalSeconds;
        harness.Report($"{count} x pass, two slaves driven directly", "(the slaves' own limit)", Rate(directRate, direct));
        harness.Report($"{count} x pass queued through one master to two slaves", "within 10 % of direct", Rate(masterRate, viaMaster), masterRate >= directRate * 0.9);
    }

    private static string Rate(double perSecond, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{perSecond:0.0} tasks/s ({elapsed.TotalSeconds:0.00} s)");

    private static async Task<TimeSpan> TimeAsync(Func<Task> body)
    {
        var start = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(start);
    }

    private static async Task<IHost> StartMasterAsync(string dataDirectory, params (string Id, LoopbackSlave Slave)[] slaves)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dataDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddD8Master(options =>
        {
            options.Token = LoopbackSlave.Token;
            options.DataDirectory = dataDirectory;
            options.Commit = Commit;
            options.Queue.MaxQueuedTasks = 100_000;
            foreach (var (id, slave) in slaves)
            {
                options.Slaves[id] = new D8SlaveEndpointOptions { Host = slave.BaseAddress.Host, Port = slave.BaseAddress.Port };
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();
        return host;
    }
}
