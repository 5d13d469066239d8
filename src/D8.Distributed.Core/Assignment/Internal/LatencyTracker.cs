using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>Exponentially weighted average round-trip time per (slave, task type).</summary>
internal sealed class LatencyTracker(IOptions<D8MasterOptions> options)
{
    private readonly ConcurrentDictionary<(string SlaveId, string TaskType), double> _averages = new();
    private readonly double _alpha = options.Value.LatencySmoothing;

    public TimeSpan? Average(string slaveId, string taskType) =>
        _averages.TryGetValue((slaveId, taskType), out var ms) ? TimeSpan.FromMilliseconds(ms) : null;

    public void Record(string slaveId, string taskType, TimeSpan sample) =>
        _averages.AddOrUpdate(
            (slaveId, taskType),
            sample.TotalMilliseconds,
            (_, previous) => (_alpha * sample.TotalMilliseconds) + ((1 - _alpha) * previous));
}
