using System.Globalization;
using D8.Distributed.Core;
using D8.Distributed.Core.Internal;

namespace D8.Benchmarks;

/// <summary>
/// Assignment that learns (§14), simulated: three slaves of speeds 1×, 2×, 4× (one slot each), four task types, a
/// mixed workload of 500 tasks, run through the master's own placement code (<see cref="PlacementPass"/>, the
/// selectors and <see cref="DurationModel"/>) on a simulated clock: makespan and mean queue wait of the learning
/// selector against least-loaded and against the old system's "first healthy slave".
/// </summary>
internal static class AssignmentBenchmarks
{
    private static readonly (string Type, double BaseSeconds, double Share)[] Types =
    [
        ("io", 0.5, 0.4), ("test", 2, 0.3), ("compile", 5, 0.2), ("render", 15, 0.1),
    ];

    private static readonly (string Id, double Speed)[] Slaves = [("s1", 1), ("s2", 2), ("s4", 4)];

    public static Task RunAsync(Harness harness)
    {
        Console.WriteLine();
        Console.WriteLine("Assignment (simulated cluster: speeds 1x/2x/4x, one slot each, 500 tasks of 4 types, run times +-25 % noise)");
        var count = harness.Quick ? 200 : 500;
        foreach (var (workload, arrivals) in new[] { ("burst", Burst(count)), ("steady at 85 % of capacity", Steady(count, 0.85)) })
        {
            var learning = Simulate(arrivals, Policy.Learning);
            var leastLoaded = Simulate(arrivals, Policy.LeastLoaded);
            var atArrival = SimulateAtArrival(arrivals);
            var first = Simulate(arrivals, Policy.FirstHealthy);
            harness.Report($"{workload}: learning (earliest finish)", "makespan ≥ 25 % shorter than least-loaded at arrival", learning.Describe(), learning.Makespan <= atArrival.Makespan * 0.75);
            harness.Report($"{workload}: least-loaded at arrival (slave queues)", "(reference)", atArrival.Describe());
            harness.Report($"{workload}: least-loaded from the master's queue", "(reference)", leastLoaded.Describe());
            harness.Report($"{workload}: first healthy slave (old system)", "(reference)", first.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    learning vs least-loaded at arrival: makespan {Shorter(learning.Makespan, atArrival.Makespan)} shorter; vs least-loaded from the queue: makespan {Shorter(learning.Makespan, leastLoaded.Makespan)}, mean completion {Shorter(learning.MeanCompletion, leastLoaded.MeanCompletion)} shorter"));
        }

        return Task.CompletedTask;
    }

    private static string Shorter(double ours, double theirs) => string.Create(CultureInfo.InvariantCulture, $"{100 * (1 - (ours / theirs)):0.0} %");

    /// <summary>
    /// Least-loaded as a router without a queue does it (the master before its durable queue, and what "least
    /// loaded" means for most routers): each task goes at arrival to the slave with the fewest tasks (running and
    /// waiting there), and waits in that slave's own queue.
    /// </summary>
    private static Result SimulateAtArrival(List<(double At, string Type, double Work)> arrivals)
    {
        var speed = Slaves.ToDictionary(slave => slave.Id, slave => slave.Speed, StringComparer.Ordinal);
        var freeAt = Slaves.ToDictionary(slave => slave.Id, _ => 0.0, StringComparer.Ordinal);
        var ends = Slaves.ToDictionary(slave => slave.Id, _ => new List<double>(), StringComparer.Ordinal);
        double waits = 0, completions = 0, makespan = 0;
        var turn = 0;
        foreach (var (at, _, work) in arrivals)
        {
            var load = Slaves.ToDictionary(slave => slave.Id, slave => ends[slave.Id].Count(end => end > at), StringComparer.Ordinal);
            var least = load.Values.Min();
            var ties = Slaves.Where(slave => load[slave.Id] == least).ToList();
            var chosen = ties[turn++ % ties.Count].Id;
            var start = Math.Max(at, freeAt[chosen]);
            var end = start + (work / speed[chosen]);
            freeAt[chosen] = end;
            ends[chosen].Add(end);
            waits += start - at;
            completions += end - at;
            makespan = Math.Max(makespan, end);
        }

        return new Result(makespan - arrivals[0].At, waits / arrivals.Count, completions / arrivals.Count);
    }

    private enum Policy
    {
        Learning,
        LeastLoaded,
        FirstHealthy,
    }

    private static List<(double At, string Type, double Work)> Burst(int count)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(_ => Draw(random, 0))];
    }

    /// <summary>Poisson arrivals at <paramref name="utilisation"/> of the cluster's capacity (7 base-seconds per second).</summary>
    private static List<(double At, string Type, double Work)> Steady(int count, double utilisation)
    {
        var random = new Random(7);
        var meanWork = Types.Sum(type => type.BaseSeconds * type.Share);
        var rate = utilisation * Slaves.Sum(slave => slave.Speed) / meanWork;
        var at = 0.0;
        var tasks = new List<(double, string, double)>(count);
        for (var i = 0; i < count; i++)
        {
            at += -Math.Log(1 - random.NextDouble()) / rate;
            tasks.Add(Draw(random, at));
        }

        return tasks;
    }

    private static (double At, string Type, double Work) Draw(Random random, double at)
    {
        var pick = random.NextDouble();
        foreach (var (type, baseSeconds, share) in Types)
        {
            if ((pick -= share) <= 0)
            {
                return (at, type, baseSeconds * (0.75 + (0.5 * random.NextDouble())));
            }
        }

        return (at, Types[^1].Type, Types[^1].BaseSeconds);
    }

    private static Result Simulate(List<(double At, string Type, double Work)> arrivals, Policy policy)
    {
        var options = new D8MasterOptions { ExplorationRate = 0.05 };
        var model = new DurationModel(Microsoft.Extensions.Options.Options.Create(options));
        ISlaveSelector selector = policy switch
        {
            Policy.Learning => new EarliestFinishSlaveSelector(options, new Random(1)),
            Policy.LeastLoaded => new DefaultSlaveSelector(),
            _ => new FirstHealthySelector(),
        };
        var infos = Slaves.Select(slave => new SlaveInfo { Id = slave.Id, Host = "sim", Port = 1, Status = SlaveStatus.Healthy, MaxConcurrentTasks = 1, Capabilities = ["python"] }).ToList();
        var speed = Slaves.ToDictionary(slave => slave.Id, slave => slave.Speed, StringComparer.Ordinal);
        var running = new List<(string Slave, string Type, double Start, double End, double? PredictedMs, double Arrived)>();
        var queued = new List<(int Index, double At, string Type, double Work)>();
        var next = 0;
        var now = 0.0;
        double waits = 0, completions = 0, makespan = 0;
        var noFailures = new Dictionary<string, string>();
        while (next < arrivals.Count || queued.Count > 0 || running.Count > 0)
        {
            // Advance to the next event: an arrival or the earliest completion.
            var nextArrival = next < arrivals.Count ? arrivals[next].At : double.MaxValue;
            var nextEnd = running.Count > 0 ? running.Min(task => task.End) : double.MaxValue;
            now = Math.Min(nextArrival, nextEnd);
            foreach (var done in running.Where(task => task.End <= now).ToList())
            {
                running.Remove(done);
                model.Observe(done.Slave, done.Type, TimeSpan.FromSeconds(done.End - done.Start), done.PredictedMs is { } p ? TimeSpan.FromMilliseconds(p) : null);
                makespan = Math.Max(makespan, done.End);
                completions += done.End - done.Arrived;
            }

            while (next < arrivals.Count && arrivals[next].At <= now)
            {
                queued.Add((next, arrivals[next].At, arrivals[next].Type, arrivals[next].Work));
                next++;
            }

            // One dispatch pass, FIFO, as the loop does it.
            var pass = new PlacementPass(selector, model);
            foreach (var task in queued.ToList())
            {
                var states = infos.Select(slave =>
                {
                    var mine = running.Where(r => r.Slave == slave.Id).ToList();
                    var remaining = mine.Sum(r => Math.Max(0, (r.PredictedMs ?? 1000) - ((now - r.Start) * 1000)));
                    return new SlaveState(slave, mine.Count, remaining, null);
                }).ToList();
                var placement = pass.Place(D8Task.Python("pass") with { TaskType = task.Type }, states, noFailures);
                if (placement is not { StartNow: true })
                {
                    continue;
                }

                var slaveId = placement.Candidate.Slave.Id;
                queued.Remove(task);
                waits += now - task.At;
                running.Add((slaveId, task.Type, now, now + (task.Work / speed[slaveId]), placement.Candidate.PredictedDuration?.TotalMilliseconds, task.At));
            }
        }

        return new Result(makespan - arrivals[0].At, waits / arrivals.Count, completions / arrivals.Count);
    }

    private sealed record Result(double Makespan, double MeanWait, double MeanCompletion)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"makespan {Makespan:0.0} s, wait {MeanWait:0.0} s, done {MeanCompletion:0.0} s");
    }

    /// <summary>The old system's rule: the first healthy slave in registry order, busy or not (it queues there).</summary>
    private sealed class FirstHealthySelector : ISlaveSelector
    {
        public bool ConsidersBusySlaves => true;

        public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates) => candidates.Count > 0 ? candidates[0] : null;
    }
}
