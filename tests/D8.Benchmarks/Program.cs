using D8.Benchmarks;

// Usage: dotnet run -c Release --project tests/D8.Benchmarks -- [--quick] [slave|master|requests ...]
var quick = args.Contains("--quick");
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Wants(string name) => selected.Count == 0 || selected.Contains(name);

var harness = new Harness(quick);
Console.WriteLine($"D8.Distributed benchmarks ({(quick ? "quick" : "full")} mode)");

if (Wants("slave"))
{
    await SlaveBenchmarks.RunAsync(harness);
}

if (Wants("requests"))
{
    await HumanRequestBenchmarks.RunAsync(harness);
}

harness.PrintSummary();
return 0;
