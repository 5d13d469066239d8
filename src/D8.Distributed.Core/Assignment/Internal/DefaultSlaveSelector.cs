namespace D8.Distributed.Core.Internal;

/// <summary>
/// The default selector: least loaded first, then the best recent latency for the task type (a slave with no sample
/// yet counts as fastest, so new slaves get measured), and round-robin among exact ties.
/// </summary>
internal sealed class DefaultSlaveSelector : ISlaveSelector
{
    private int _turn = -1;

    public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return null;
        }

        var minimumLoad = candidates.Min(candidate => candidate.Load);
        var leastLoaded = candidates.Where(candidate => candidate.Load == minimumLoad).ToList();
        var bestLatency = leastLoaded.Min(candidate => candidate.AverageLatency ?? TimeSpan.Zero);
        var ties = leastLoaded
            .Where(candidate => (candidate.AverageLatency ?? TimeSpan.Zero) == bestLatency)
            .OrderBy(candidate => candidate.Slave.Id, StringComparer.Ordinal)
            .ToList();

        var turn = (uint)Interlocked.Increment(ref _turn);
        return ties[(int)(turn % (uint)ties.Count)];
    }
}
