using System.Diagnostics;
using System.Globalization;

namespace D8.Benchmarks;

/// <summary>
/// A small Stopwatch harness: warm-up, many timed runs, percentiles. Chosen over BenchmarkDotNet because several
/// targets are end-to-end (HTTP on loopback, process spawns, a sweep over 200 sockets) where BenchmarkDotNet's
/// per-invocation overhead control adds nothing, and because --quick must finish in under two minutes.
/// </summary>
internal sealed class Harness(bool quick)
{
    private readonly List<Result> _results = [];

    public bool Quick { get; } = quick;

    public IReadOnlyList<Result> Results => _results;

    /// <summary>Times <paramref name="body"/> repeatedly and records p50/p95/p99 in milliseconds.</summary>
    public async Task<Stats> MeasureAsync(string name, string target, int warmup, int iterations, Func<Task> body)
    {
        if (Quick)
        {
            warmup = Math.Max(1, warmup / 5);
            iterations = Math.Max(5, iterations / 5);
        }

        for (var i = 0; i < warmup; i++)
        {
            await body();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await body();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var stats = Stats.From(samples);
        Report(name, target, stats.Describe());
        return stats;
    }

    /// <summary>Records a derived figure (for example a difference of two medians).</summary>
    public void Report(string name, string target, string measured, bool? met = null)
    {
        _results.Add(new Result(name, target, measured, met));
        var verdict = met switch { true => "MET", false => "MISSED", null => "" };
        Console.WriteLine($"  {name,-58} {measured,-42} target: {target} {verdict}");
    }

    public void PrintSummary()
    {
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"{"figure",-58} {"measured",-42} target");
        foreach (var r in _results)
        {
            var verdict = r.Met switch { true => " MET", false => " MISSED", null => "" };
            Console.WriteLine($"{r.Name,-58} {r.Measured,-42} {r.Target}{verdict}");
        }
    }

    internal sealed record Result(string Name, string Target, string Measured, bool? Met);

    internal sealed record Stats(double P50, double P95, double P99, double Mean, int Count)
    {
        public static Stats From(double[] samples)
        {
            Array.Sort(samples);
            return new Stats(Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99), samples.Average(), samples.Length);
        }

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.000} ms, p95 {P95:0.000}, p99 {P99:0.000} (n={Count})");

        private static double Percentile(double[] sorted, double p)
        {
            var index = (int)Math.Ceiling(p * sorted.Length) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        }
    }
}
