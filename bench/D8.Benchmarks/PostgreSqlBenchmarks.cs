using System.Globalization;
using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing.PostgreSql;

namespace D8.Benchmarks;

/// <summary>
/// §10/§11: the PostgreSQL task store (a throwaway cluster on loopback, fsync on, synchronous_commit on): AddAsync and
/// TryUpdateAsync with thousands of tasks stored, then the master API's submit with UsePostgreSql.
/// </summary>
internal static class PostgreSqlBenchmarks
{
    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine();
        Console.WriteLine("Task store (spec §11, PostgreSQL 15 on loopback TCP, fsync on, synchronous_commit on)");
        var server = await PostgreSqlServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var stored = harness.Quick ? 1_000 : 10_000;
        await using (var store = new PostgreSqlTaskStore(PostgreSqlDatabase.Create(connectionString, "d8", TimeSpan.FromSeconds(30)), ownsDatabase: true))
        {
            var fill = Stopwatch.StartNew();
            for (var i = 0; i < stored; i++)
            {
                var added = await store.AddAsync(NewTask($"fill-{i}"), int.MaxValue);
                if (i % 2 == 0)
                {
                    await store.TryUpdateAsync(added.Task! with { Status = D8TaskStatus.Succeeded, FinishedAt = DateTimeOffset.UnixEpoch, Output = new string('o', 2_000) });
                }
            }

            harness.Report($"  fill: {stored:N0} tasks (half finished), PostgreSQL", "(setup)", string.Create(CultureInfo.InvariantCulture, $"{fill.Elapsed.TotalSeconds:0.0} s"));

            var next = 0;
            var add = await harness.MeasureAsync($"AddAsync, {stored:N0} stored, PostgreSQL", "p50 <= 2 ms (durable)", 20, 500, async () =>
            {
                var result = await store.AddAsync(NewTask($"bench-{next++}"), int.MaxValue);
                if (result.Outcome != TaskStoreAddOutcome.Added)
                {
                    throw new InvalidOperationException($"add: {result.Outcome}");
                }
            });

            var queued = await store.GetQueuedAsync(D8TaskQuery.MaxLimit);
            var index = 0;
            var update = await harness.MeasureAsync("TryUpdateAsync (queued -> running), PostgreSQL", "p50 <= 2 ms (durable)", 20, 500, async () =>
            {
                var task = queued[index++ % queued.Count];
                var current = (await store.GetAsync(task.TaskId))!;
                if (await store.TryUpdateAsync(current with { Status = D8TaskStatus.Running, SlaveId = "pc", Attempts = current.Attempts + 1 }) is null)
                {
                    throw new InvalidOperationException("update refused");
                }
            });

            harness.Report("  -> AddAsync p50 (durable, PostgreSQL)", "<= 2 ms", SlaveBenchmarks.Ms(add.P50), add.P50 <= 2.0);
            harness.Report("  -> TryUpdateAsync p50 (durable, with the read before it, PostgreSQL)", "<= 2 ms", SlaveBenchmarks.Ms(update.P50), update.P50 <= 2.0);
        }

        await ApiBenchmarks.RunAsync(harness, await server.CreateDatabaseAsync());
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
