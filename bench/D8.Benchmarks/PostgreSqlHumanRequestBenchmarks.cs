using System.Diagnostics;
using System.Globalization;
using D8.Distributed.PostgreSql;
using D8.HumanRequests;
using D8.Testing;
using D8.Testing.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Benchmarks;

/// <summary>
/// Issue 13: approve with 10,000 stored requests on PostgreSQL (the store <c>AddD8PostgreSqlHumanRequestStore</c>
/// registers, behind the real manager), target ≤ 2 ms p50. The requests are created through the manager, as a host
/// creates them (one transaction each: the <c>req-NNNN</c> counter and the row), then pending ones are approved.
/// </summary>
internal static class PostgreSqlHumanRequestBenchmarks
{
    public static async Task RunAsync(Harness harness)
    {
        var stored = harness.Quick ? 1_000 : 10_000;
        Console.WriteLine();
        Console.WriteLine("Human requests on PostgreSQL (issue 13; PostgreSQL 15 on loopback TCP, fsync on, synchronous_commit on)");
        var server = await PostgreSqlServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        using var data = new TempDirectory("d8-bench-pg-requests");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8HumanRequests(options => options.DataDirectory = data.Path);
        services.AddD8PostgreSqlHumanRequestStore(connectionString);
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<IHumanRequestManager>();

        var fill = Stopwatch.StartNew();
        var ids = new List<string>(stored);
        for (var i = 0; i < stored; i++)
        {
            var created = await manager.CreateAsync(new NewHumanRequest
            {
                Type = HumanRequestType.Payment,
                Title = string.Create(CultureInfo.InvariantCulture, $"Comprar dominio ejemplo-{i}.com"),
                Description = "Niche Discovery identificó oportunidad:\n- Score: 87/100\n- Recomendación: Comprar en Namecheap",
                EstimatedCost = 12.99m,
                Priority = 1 + (i % 10),
                CreatedBy = "NicheDiscovery",
            });
            ids.Add(created.Id);
        }

        var createMs = fill.Elapsed.TotalMilliseconds / stored;
        harness.Report(
            $"  fill: {stored:N0} requests through the manager, PostgreSQL",
            "(setup)",
            string.Create(CultureInfo.InvariantCulture, $"{fill.Elapsed.TotalSeconds:0.0} s ({createMs:0.00} ms per create)"));

        var next = 0;
        var approve = await harness.MeasureAsync($"approve with {stored:N0} stored requests (PostgreSQL store)", "p50 <= 2 ms", 10, 200, async () =>
        {
            var approved = await manager.ApproveAsync(ids[next++], "bench");
            if (approved.Status != HumanRequestStatus.Approved)
            {
                throw new InvalidOperationException($"{approved.Id} is {approved.Status} after approve");
            }
        });
        harness.Report("  -> approve p50 (PostgreSQL)", "<= 2 ms", SlaveBenchmarks.Ms(approve.P50), approve.P50 <= 2.0);
    }
}
