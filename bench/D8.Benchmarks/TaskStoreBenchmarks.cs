using System.Diagnostics;
using System.Globalization;
using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Testing;

namespace D8.Benchmarks;

/// <summary>
/// §9/§10: the SQLite task store, which the master API's "accepted in ≤ 2 ms p50, durably queued" stands on: AddAsync and
/// TryUpdateAsync with thousands of tasks stored, with synchronous=FULL (what the store uses) and NORMAL (what FULL
/// costs), next to a bare write + fsync of a small file (the disk's own floor) measured in the same run.
/// </summary>
internal static class TaskStoreBenchmarks
{
    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine("Task store (spec §10, SQLite)");
        using var dir = new TempDirectory("d8-bench-tasks");
        var stored = harness.Quick ? 1_000 : 10_000;

        var floor = await harness.MeasureAsync("bare write + fsync of a 4 KiB file (the disk's floor)", "(reference)", 20, 500, () =>
        {
            using var file = new FileStream(Path.Combine(dir.Path, "fsync.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
            file.Write(new byte[4096]);
            file.Flush(flushToDisk: true);
            return Task.CompletedTask;
        });

        foreach (var full in new[] { true, false })
        {
            var mode = full ? "FULL" : "NORMAL";
            await using var store = new SqliteTaskStore(Path.Combine(dir.Path, $"tasks-{mode}.db"), synchronousFull: full);
            var fill = Stopwatch.StartNew();
            for (var i = 0; i < stored; i++)
            {
                var added = await store.AddAsync(NewTask($"fill-{i}"), int.MaxValue);
                if (i % 2 == 0)
                {
                    await store.TryUpdateAsync(added.Task! with { Status = D8TaskStatus.Succeeded, FinishedAt = DateTimeOffset.UnixEpoch, Output = new string('o', 2_000) });
                }
            }

            harness.Report($"  fill: {stored:N0} tasks (half finished), synchronous={mode}", "(setup)", string.Create(CultureInfo.InvariantCulture, $"{fill.Elapsed.TotalSeconds:0.0} s"));

            var next = 0;
            var add = await harness.MeasureAsync($"AddAsync, {stored:N0} stored, synchronous={mode}", full ? "p50 <= 2 ms (durable)" : "(what FULL costs)", 20, 500, async () =>
            {
                var result = await store.AddAsync(NewTask($"bench-{next++}"), int.MaxValue);
                if (result.Outcome != TaskStoreAddOutcome.Added)
                {
                    throw new InvalidOperationException($"add: {result.Outcome}");
                }
            });

            var queued = await store.GetQueuedAsync(D8TaskQuery.MaxLimit);
            var index = 0;
            var update = await harness.MeasureAsync($"TryUpdateAsync (queued -> running), synchronous={mode}", full ? "p50 <= 2 ms (durable)" : "(what FULL costs)", 20, 500, async () =>
            {
                var task = queued[index++ % queued.Count];
                var current = (await store.GetAsync(task.TaskId))!;
                if (await store.TryUpdateAsync(current with { Status = D8TaskStatus.Running, SlaveId = "pc", Attempts = current.Attempts + 1 }) is null)
                {
                    throw new InvalidOperationException("update refused");
                }
            });

            if (full)
            {
                harness.Report("  -> AddAsync p50 (durable)", "<= 2 ms", SlaveBenchmarks.Ms(add.P50), add.P50 <= 2.0);
                harness.Report("  -> TryUpdateAsync p50 (durable, with the read before it)", "<= 2 ms", SlaveBenchmarks.Ms(update.P50), update.P50 <= 2.0);
                harness.Report("  -> AddAsync p50 minus the bare fsync", "(store overhead)", SlaveBenchmarks.Ms(add.P50 - floor.P50));
            }
        }
    }

    private static D8TaskInfo NewTask(string id) => new()
    {
        TaskId = id,
        Command = "print('hello')",
        Method = "auto",
        TaskType = "bench",
        RequiredCapabilities = ["docker"],
        EnvironmentNames = ["API_KEY"],
        Environment = new Dictionary<string, string> { ["API_KEY"] = "x" },
        Priority = 5,
        QueuedAt = DateTimeOffset.UnixEpoch,
        SubmittedBy = "bench",
    };
}
