namespace D8.Distributed.Core.Internal;

/// <summary>
/// The default selector (<see cref="D8SlaveSelection.EarliestFinish"/>): the slave with the earliest predicted
/// finish, busy ones included (choosing one makes the task wait for it). Now and then
/// (<see cref="D8MasterOptions.ExplorationRate"/>) a free slave with fewer than
/// <see cref="D8MasterOptions.MinimumSamples"/> samples is tried instead, so new slaves get measured. Without any
/// prediction (a task type never seen) it falls back to the least-loaded rule.
/// </summary>
internal sealed class EarliestFinishSlaveSelector : ISlaveSelector
{
    private readonly double _explorationRate;
    private readonly int _minimumSamples;
    private readonly Random _random;
    private readonly DefaultSlaveSelector _leastLoaded = new();

    public EarliestFinishSlaveSelector(D8MasterOptions options, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _explorationRate = options.ExplorationRate;
        _minimumSamples = options.MinimumSamples;
        _random = random ?? Random.Shared;
    }

    public bool ConsidersBusySlaves => true;

    public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(candidates);
        var free = candidates.Where(candidate => candidate.FreeSlots > 0).ToList();
        var untried = free.Where(candidate => candidate.Samples < _minimumSamples).ToList();
        if (untried.Count > 0 && _explorationRate > 0 && _random.NextDouble() < _explorationRate)
        {
            var fewest = untried.Min(candidate => candidate.Samples);
            return _leastLoaded.Choose(task, [.. untried.Where(candidate => candidate.Samples == fewest)]);
        }

        var predicted = candidates.Where(candidate => candidate.PredictedFinish is not null).ToList();
        if (predicted.Count == 0)
        {
            return free.Count > 0 ? _leastLoaded.Choose(task, free) : null;
        }

        var earliest = predicted.Min(candidate => candidate.PredictedFinish!.Value);
        var best = predicted.Where(candidate => candidate.PredictedFinish == earliest).ToList();
        var bestFree = best.Where(candidate => candidate.FreeSlots > 0).ToList();
        return bestFree.Count > 0 ? _leastLoaded.Choose(task, bestFree) : best.OrderBy(candidate => candidate.Slave.Id, StringComparer.Ordinal).First();
    }
}
