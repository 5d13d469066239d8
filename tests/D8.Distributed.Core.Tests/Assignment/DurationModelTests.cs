using D8.Distributed.Core.Internal;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests.Assignment;

/// <summary>The duration model and the earliest-finish placement, without slaves: predictions, priors, restore, waiting.</summary>
public sealed class DurationModelTests
{
    private static readonly D8MasterOptions Options = new() { ExplorationRate = 0 };

    private static DurationModel NewModel() => new(Microsoft.Extensions.Options.Options.Create(Options));

    [Fact]
    public void Predict_NothingKnown_IsNull()
    {
        Assert.Null(NewModel().Predict("a", "render"));
    }

    [Fact]
    public void Observe_FirstRuns_PredictsTheirPlainMean_AndTheirSpread()
    {
        var model = NewModel();
        model.Observe("a", "render", Ms(100), null);
        model.Observe("a", "render", Ms(200), null);
        model.Observe("a", "render", Ms(300), null);

        var prediction = model.Predict("a", "render")!;

        Assert.Equal(200, prediction.Mean.TotalMilliseconds, precision: 6);
        Assert.Equal(3, prediction.Samples);
        Assert.Equal(DurationBasis.SlaveAndType, prediction.Basis);
        Assert.InRange(prediction.Spread.TotalMilliseconds, 60, 100);
    }

    [Fact]
    public void Predict_UnseenPair_ScalesTheTypeMeanByTheSlavesSpeedElsewhere()
    {
        var model = NewModel();
        model.Observe("fast", "compile", Ms(100), null);
        model.Observe("slow", "compile", Ms(300), null);
        model.Observe("slow", "render", Ms(600), null);

        var fast = model.Predict("fast", "render")!;
        var brandNew = model.Predict("new", "render")!;
        var newType = model.Predict("slow", "lint")!;

        // compile's mean is 200 ms; fast runs it in half that: render (600 ms so far) predicted at 300 ms there.
        Assert.Equal(DurationBasis.TypeScaledBySlave, fast.Basis);
        Assert.Equal(300, fast.Mean.TotalMilliseconds, precision: 6);
        Assert.Equal(0, fast.Samples);
        Assert.Equal(DurationBasis.Type, brandNew.Basis);
        Assert.Equal(600, brandNew.Mean.TotalMilliseconds, precision: 6);
        Assert.Equal(DurationBasis.Slave, newType.Basis);
        Assert.Equal(450, newType.Mean.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Observe_WithPredictions_TracksTheRelativeError()
    {
        var model = NewModel();
        model.Observe("a", "render", Ms(100), predicted: Ms(80));
        model.Observe("a", "render", Ms(100), predicted: Ms(120));

        Assert.Equal(0.2, model.PredictionError("a", "render")!.Value, precision: 6);
        Assert.Null(model.PredictionError("b", "render"));
    }

    [Fact]
    public async Task RestoreAsync_RebuildsTheModelFromTheStoresFinishedTasks_Once()
    {
        var store = new InMemoryTaskStore();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            var queued = TaskRecords.ToInfo(D8Task.Python("pass") with { TaskType = "render" }, $"t{i}", now);
            await store.AddAsync(queued, 100, CancellationToken.None);
            var stored = (await store.GetAsync(queued.TaskId, CancellationToken.None))!;
            await store.TryUpdateAsync(
                stored with { Status = D8TaskStatus.Succeeded, SlaveId = "a", ExitCode = 0, StartedAt = now, FinishedAt = now + Ms(400), Duration = Ms(400) },
                CancellationToken.None);
        }

        var model = NewModel();
        await model.RestoreAsync(store, limit: 1000, CancellationToken.None);
        await model.RestoreAsync(store, limit: 1000, CancellationToken.None);

        var prediction = model.Predict("a", "render")!;
        Assert.Equal(4, prediction.Samples);
        Assert.Equal(400, prediction.Mean.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Place_FastSlaveBusyButFinishingSoon_TaskWaitsForIt_AndTheNextTaskTakesTheFreeSlowSlave()
    {
        var model = NewModel();
        for (var i = 0; i < 3; i++)
        {
            model.Observe("fast", "render", Ms(100), null);
            model.Observe("slow", "render", Ms(400), null);
        }

        var pass = new PlacementPass(new EarliestFinishSlaveSelector(Options), model);
        var fast = new SlaveState(Slave("fast"), Load: 1, RemainingWorkMs: 50, AverageLatency: null);
        var slow = new SlaveState(Slave("slow"), Load: 0, RemainingWorkMs: 0, AverageLatency: null);
        var task = D8Task.Python("pass") with { TaskType = "render" };

        // fast: 50 ms left + 100 ms = 150 ms, slow: 400 ms: wait for fast.
        var first = pass.Place(task, [fast, slow], new Dictionary<string, string>())!;
        var second = pass.Place(task, [fast, slow], new Dictionary<string, string>())!;
        var third = pass.Place(task, [fast, slow], new Dictionary<string, string>())!;
        var fourth = pass.Place(task, [fast, slow], new Dictionary<string, string>())!;

        Assert.Equal(("fast", false), (first.Candidate.Slave.Id, first.StartNow));
        Assert.Equal(150, first.Candidate.PredictedFinish!.Value.TotalMilliseconds, precision: 6);

        // With the first planned there, fast finishes a second one at 250 ms, a third at 350 ms: still before slow.
        Assert.Equal(("fast", false), (second.Candidate.Slave.Id, second.StartNow));
        Assert.Equal(("fast", false), (third.Candidate.Slave.Id, third.StartNow));

        // A fourth would finish on fast at 450 ms: slow's free slot (400 ms) wins and it starts now.
        Assert.Equal(("slow", true), (fourth.Candidate.Slave.Id, fourth.StartNow));
    }

    [Fact]
    public void Place_LeastLoadedSelector_NeverSeesBusySlaves()
    {
        var model = NewModel();
        model.Observe("fast", "render", Ms(100), null);
        model.Observe("slow", "render", Ms(400), null);
        var pass = new PlacementPass(new DefaultSlaveSelector(), model);

        var placement = pass.Place(
            D8Task.Python("pass") with { TaskType = "render" },
            [new SlaveState(Slave("fast"), 1, 50, null), new SlaveState(Slave("slow"), 0, 0, null)],
            new Dictionary<string, string>())!;

        Assert.Equal(("slow", true), (placement.Candidate.Slave.Id, placement.StartNow));
    }

    [Fact]
    public void Choose_FreeSlaveWithFewSamples_IsExploredAtTheExplorationRate()
    {
        var options = new D8MasterOptions { ExplorationRate = 0.25, MinimumSamples = 3 };
        var selector = new EarliestFinishSlaveSelector(options, new Random(1234));
        var known = new SlaveCandidate(Slave("known"), 0, null) { FreeSlots = 1, PredictedDuration = Ms(100), PredictedFinish = Ms(100), Samples = 10 };
        var fresh = new SlaveCandidate(Slave("fresh"), 0, null) { FreeSlots = 1, PredictedDuration = Ms(400), PredictedFinish = Ms(400), Samples = 0 };
        var task = D8Task.Python("pass") with { TaskType = "render" };

        var explored = Enumerable.Range(0, 2000).Count(_ => selector.Choose(task, [known, fresh])!.Slave.Id == "fresh");

        Assert.InRange(explored, 400, 600);
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static SlaveInfo Slave(string id) => new()
    {
        Id = id,
        Host = "127.0.0.1",
        Port = 7600,
        Status = SlaveStatus.Healthy,
        MaxConcurrentTasks = 1,
        Capabilities = ["python"],
    };
}
