using D8.Benchmarks;

// Usage: dotnet run -c Release --project bench/D8.Benchmarks -- [--quick] [slave|footprint|master|queue|api|assignment|requests|store|pg|pgrequests|failover ...]
var quick = args.Contains("--quick");
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Wants(string name) => selected.Count == 0 || selected.Contains(name);

var harness = new Harness(quick);
Console.WriteLine($"D8.Distributed benchmarks ({(quick ? "quick" : "full")} mode), {Environment.ProcessorCount} logical cores");
Console.WriteLine("The 'old' figures are the spec's (§9), measured on the old Python system elsewhere: it cannot run here (no Flask");
Console.WriteLine("from PyPI, no network), so they are printed as the reference, not re-measured.");

if (Wants("slave"))
{
    await SlaveBenchmarks.RunAsync(harness);
}

if (Wants("footprint"))
{
    await SlaveFootprintBenchmarks.RunAsync(harness);
}

if (Wants("master"))
{
    await MasterBenchmarks.RunAsync(harness);
}

if (Wants("queue"))
{
    await QueueBenchmarks.RunAsync(harness);
}

if (Wants("api"))
{
    await ApiBenchmarks.RunAsync(harness);
}

if (Wants("assignment"))
{
    await AssignmentBenchmarks.RunAsync(harness);
}

if (Wants("requests"))
{
    await HumanRequestBenchmarks.RunAsync(harness);
}

if (Wants("store"))
{
    await TaskStoreBenchmarks.RunAsync(harness);
}

if (Wants("pg"))
{
    await PostgreSqlBenchmarks.RunAsync(harness);
}

if (Wants("pgrequests"))
{
    await PostgreSqlHumanRequestBenchmarks.RunAsync(harness);
}

if (Wants("failover"))
{
    await PostgreSqlFailoverBenchmarks.RunAsync(harness);
}

harness.PrintSummary();
return 0;
