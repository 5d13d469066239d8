namespace D8.Distributed.Core.Internal;

/// <summary>The state of one slave a placement looks at.</summary>
/// <param name="Slave">The slave.</param>
/// <param name="Load">Its tasks running now.</param>
/// <param name="RemainingWorkMs">The predicted remaining run time of those tasks, summed.</param>
/// <param name="AverageLatency">The recent round-trip average of the task's type there.</param>
internal sealed record SlaveState(SlaveInfo Slave, int Load, double RemainingWorkMs, TimeSpan? AverageLatency);

/// <summary>Where a task goes: started now on a free slot, or planned to wait for a busy slave.</summary>
/// <param name="Candidate">The chosen slave with its prediction.</param>
/// <param name="StartNow">Whether it starts now (a free slot) rather than waits.</param>
internal sealed record Placement(SlaveCandidate Candidate, bool StartNow);

/// <summary>
/// One dispatch pass's placements (the loop's and the benchmark simulator's): builds the candidates with their
/// predictions and lets the selector choose. A task that chooses to wait for a busy slave is planned on it, so the
/// next tasks of the same pass see that slave's wait grow instead of all queueing behind the fastest.
/// </summary>
internal sealed class PlacementPass(ISlaveSelector selector, DurationModel model)
{
    /// <summary>The planned run time of a task with no prediction.</summary>
    private const double UnknownDurationMs = 1000;

    private readonly Dictionary<string, double> _plannedMs = new(StringComparer.Ordinal);

    public Placement? Place(D8Task task, IReadOnlyList<SlaveState> slaves, IReadOnlyDictionary<string, string> failed)
    {
        var busyToo = selector.ConsidersBusySlaves;
        var candidates = new List<SlaveCandidate>(slaves.Count);
        foreach (var state in slaves)
        {
            if (Eligibility.Exclude(state.Slave, task, load: 0, failed) is not null)
            {
                continue;
            }

            var free = state.Slave.MaxConcurrentTasks is { } maximum ? Math.Max(0, maximum - state.Load) : int.MaxValue;
            if (free == 0 && !busyToo)
            {
                continue;
            }

            var prediction = model.Predict(state.Slave.Id, task.TaskType);
            var slots = Math.Max(1, state.Slave.MaxConcurrentTasks ?? (state.Load + 1));
            var planned = _plannedMs.GetValueOrDefault(state.Slave.Id);
            var waitMs = free > 0 && planned == 0 ? 0 : (state.RemainingWorkMs + planned) / slots;
            candidates.Add(new SlaveCandidate(state.Slave, state.Load, state.AverageLatency)
            {
                FreeSlots = free,
                PredictedDuration = prediction?.Mean,
                PredictedFinish = prediction is null ? null : TimeSpan.FromMilliseconds(waitMs + prediction.Mean.TotalMilliseconds),
                Samples = prediction?.Samples ?? 0,
            });
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var chosen = selector.Choose(task, candidates);
        var candidate = chosen is null ? null : candidates.Find(c => string.Equals(c.Slave.Id, chosen.Slave.Id, StringComparison.Ordinal));
        if (candidate is null)
        {
            return null;
        }

        if (candidate.FreeSlots > 0)
        {
            return new Placement(candidate, StartNow: true);
        }

        _plannedMs[candidate.Slave.Id] = _plannedMs.GetValueOrDefault(candidate.Slave.Id) + (candidate.PredictedDuration?.TotalMilliseconds ?? UnknownDurationMs);
        return new Placement(candidate, StartNow: false);
    }
}
