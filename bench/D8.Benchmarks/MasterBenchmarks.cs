using System.Diagnostics;
using System.Globalization;
using System.Text;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Benchmarks;

/// <summary>§9: a health sweep of 200 slaves (20 silent) through the master's monitor, and the master's dispatch overhead.</summary>
internal static class MasterBenchmarks
{
    private const string Commit = "bench";
    private const int Slaves = 200;
    private const int Silent = 20;

    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine("Master (spec §9, issue 3)");
        await HealthSweepAsync(harness);
        await DispatchOverheadAsync(harness);
    }

    private static async Task HealthSweepAsync(Harness harness)
    {
        // The default per-check timeout (10 s) in the full run; 3 s in --quick so it stays under two minutes. The target
        // is relative to whichever is configured.
        var timeout = harness.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
        var runs = harness.Quick ? 2 : 5;
        await using var answering = await MultiPortSlave.StartAsync(Slaves - Silent, Commit);
        var silent = Enumerable.Range(0, Silent).Select(_ => new SilentListener()).ToList();
        try
        {
            var ports = answering.Ports.Concat(silent.Select(s => s.Port)).ToList();

            // Warm-up (JIT, connection set-up code paths) with a short timeout; not recorded.
            await SweepOnceAsync(ports, TimeSpan.FromSeconds(1));

            var samples = new double[runs];
            var healthy = 0;
            var unhealthy = 0;
            for (var i = 0; i < runs; i++)
            {
                (samples[i], healthy, unhealthy) = await SweepOnceAsync(ports, timeout);
            }

            var stats = Harness.Stats.From(samples);
            var limit = timeout.TotalMilliseconds + 1000;
            harness.Report(
                string.Create(CultureInfo.InvariantCulture, $"health sweep: {Slaves} slaves, {Silent} silent (timeout {timeout.TotalSeconds:0} s)"),
                "(old master: one by one)",
                stats.Describe() + string.Create(CultureInfo.InvariantCulture, $"; {healthy} healthy, {unhealthy} unhealthy"));
            harness.Report(
                "  -> sweep p50 vs per-check timeout + 1 s",
                string.Create(CultureInfo.InvariantCulture, $"<= {limit / 1000:0.0} s"),
                SlaveBenchmarks.Ms(stats.P50),
                stats.P50 <= limit && healthy == Slaves - Silent && unhealthy == Silent);
        }
        finally
        {
            foreach (var listener in silent)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>A fresh master (no circuit or schedule state from an earlier run) sweeps every slave once.</summary>
    private static async Task<(double Ms, int Healthy, int Unhealthy)> SweepOnceAsync(List<int> ports, TimeSpan timeout)
    {
        using var data = new TempDirectory("d8-bench-sweep");
        using var host = BuildMaster(data.Path, options =>
        {
            options.HealthCheckTimeout = timeout;
            for (var i = 0; i < ports.Count; i++)
            {
                options.Slaves[string.Create(CultureInfo.InvariantCulture, $"slave-{i:000}")] = new D8SlaveEndpointOptions { Host = "127.0.0.1", Port = ports[i] };
            }
        });
        var monitor = host.Services.GetRequiredService<ISlaveHealthMonitor>();
        var start = Stopwatch.GetTimestamp();
        var checkedSlaves = await monitor.CheckAllAsync();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (elapsed, checkedSlaves.Count(s => s.Status == SlaveStatus.Healthy), checkedSlaves.Count(s => s.Status == SlaveStatus.Unhealthy));
    }

    private static async Task DispatchOverheadAsync(Harness harness)
    {
        var python = await SlaveBenchmarks.RealInterpreterAsync(Requirements.Python3());
        await using var slave = await LoopbackSlave.StartAsync(Commit, python);
        using var client = slave.CreateClient();
        using var data = new TempDirectory("d8-bench-dispatch");
        using var host = BuildMaster(data.Path, options =>
            options.Slaves["bench"] = new D8SlaveEndpointOptions { Host = slave.BaseAddress.Host, Port = slave.BaseAddress.Port });
        await host.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();
        var dispatcher = host.Services.GetRequiredService<ITaskDispatcher>();
        var task = new D8Task { Command = "pass", Method = ExecutionMethod.Python };

        // Direct call and dispatch alternate in each round so that load changes on a shared machine hit both equally.
        var rounds = harness.Quick ? 30 : 200;
        var direct = new double[rounds];
        var dispatched = new double[rounds];
        var body = """{"command":"pass","method":"python"}""";
        for (var i = -5; i < rounds; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
            using (var response = await client.PostAsync(new Uri("/api/execute", UriKind.Relative), content))
            {
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }

            var t1 = Stopwatch.GetTimestamp();
            var result = await dispatcher.DispatchAsync(task);
            if (!result.Success)
            {
                throw new InvalidOperationException($"dispatch of 'pass' failed: {result.Response.Error}");
            }

            var t2 = Stopwatch.GetTimestamp();
            if (i >= 0)
            {
                direct[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                dispatched[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            }
        }

        var directStats = Harness.Stats.From(direct);
        var dispatchStats = Harness.Stats.From(dispatched);
        harness.Report("direct POST /api/execute {command: pass}", "(baseline)", directStats.Describe());
        harness.Report("master DispatchAsync(pass) -> same slave", "(end to end)", dispatchStats.Describe());
        var overhead = dispatchStats.P50 - directStats.P50;
        harness.Report("  -> dispatch overhead p50 (master - direct)", "not a §9 target; reported", SlaveBenchmarks.Ms(overhead), null);
        var paired = Harness.Stats.From([.. dispatched.Zip(direct, (m, d) => m - d)]);
        harness.Report("     (median of the per-round differences)", "(same pairs, less sensitive to load drift)", SlaveBenchmarks.Ms(paired.P50));
    }

    private static IHost BuildMaster(string dataDirectory, Action<D8MasterOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dataDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddD8Master(options =>
        {
            options.Token = LoopbackSlave.Token;
            options.DataDirectory = dataDirectory;
            options.Commit = Commit;
            configure(options);
        });

        // Not started: the hosted monitor stays idle and the benchmark drives the same checker it uses.
        return builder.Build();
    }
}
