using System.Diagnostics;
using System.Globalization;
using System.Text;
using D8.HumanRequests;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Benchmarks;

/// <summary>§9: approve with 10,000 stored requests on the JSON store, and the load time of such a file.</summary>
internal static class HumanRequestBenchmarks
{
    private const int StoredRequests = 10_000;

    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine("Human requests (spec §9, issue 4)");
        using var dir = new TempDirectory("d8-bench-requests");
        var file = Path.Combine(dir.Path, "human_requests", "requests.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, OldFormatFile(StoredRequests));
        harness.Report("requests.json with 10,000 requests", "(size)", string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(file).Length / 1024.0 / 1024.0:0.00} MiB"));

        // Load time: a fresh manager (fresh process state) reading the file on its first call.
        var loads = harness.Quick ? 3 : 10;
        var loadTimes = new double[loads];
        for (var i = 0; i < loads; i++)
        {
            await using var fresh = Build(dir.Path);
            var start = Stopwatch.GetTimestamp();
            await fresh.GetRequiredService<IHumanRequestManager>().GetAsync("req-0001");
            loadTimes[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        harness.Report("load a 10,000-request file (first call of a new manager)", "(no target; old: n/a)", Harness.Stats.From(loadTimes).Describe());

        await using var services = Build(dir.Path);
        var manager = services.GetRequiredService<IHumanRequestManager>();
        var next = 1;
        var approve = await harness.MeasureAsync("approve with 10,000 stored requests (JSON store)", "p50 <= 5 ms (old: ~89 ms)", 10, 200, async () =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"req-{next++:0000}");
            await manager.ApproveAsync(id, "bench");
        });
        harness.Report("  -> approve p50", "<= 5 ms", SlaveBenchmarks.Ms(approve.P50), approve.P50 <= 5.0);
    }

    private static ServiceProvider Build(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8HumanRequests(options => options.DataDirectory = dataDirectory);
        return services.BuildServiceProvider();
    }

    /// <summary>A file as the old Python system writes it: naive timestamps, every request pending.</summary>
    private static string OldFormatFile(int count)
    {
        var json = new StringBuilder(count * 450);
        json.Append(CultureInfo.InvariantCulture, $"{{\n  \"counter\": {count},\n  \"requests\": [\n");
        for (var i = 1; i <= count; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""
                    {
                      "request_id": "req-{{i:0000}}",
                      "request_type": "payment",
                      "title": "Comprar dominio ejemplo-{{i}}.com",
                      "description": "Niche Discovery identific\u00f3 oportunidad:\n- Score: 87/100\n- Recomendaci\u00f3n: Comprar en Namecheap",
                      "estimated_cost": 12.99,
                      "priority": {{1 + (i % 10)}},
                      "created_at": "2026-11-26T00:47:15.015141",
                      "created_by": "NicheDiscovery",
                      "status": "pending",
                      "approved_at": null,
                      "completed_at": null,
                      "actual_cost": null,
                      "notes": ""
                    }
                """);
            json.Append(i == count ? "\n" : ",\n");
        }

        json.Append("  ]\n}\n");
        return json.ToString();
    }
}
