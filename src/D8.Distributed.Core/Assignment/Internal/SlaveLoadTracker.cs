using System.Runtime.CompilerServices;

using System.Collections.Concurrent;

namespace D8.Distributed.Core.Internal;

/// <summary>Tasks this master has in flight per slave (counted between send and answer).</summary>
internal sealed class SlaveLoadTracker
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlightAtReport = new(StringComparer.Ordinal);

    public int InFlight(string slaveId) => _inFlight.TryGetValue(slaveId, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Notes this master's in-flight count when the slave's health report (its <c>running_tasks</c>) arrives.</summary>
    public void RecordReport(string slaveId) => _inFlightAtReport[slaveId] = InFlight(slaveId);

    /// <summary>
    /// The slave's load: this master's tasks in flight now, plus the tasks of others that its last report showed (its
    /// <c>running_tasks</c> minus what this master had in flight then). The report can be up to a health interval old;
    /// taking it as the current load would keep a slave that was busy at the last check "at capacity" until the next one.
    /// </summary>
    public int EstimatedLoad(string slaveId, int? reportedRunning)
    {
        var foreign = Math.Max(0, (reportedRunning ?? 0) - _inFlightAtReport.GetValueOrDefault(slaveId));
        return InFlight(slaveId) + foreign;
    }

    public IDisposable Begin(string slaveId)
    {
        var box = _inFlight.GetOrAdd(slaveId, _ => new StrongBox<int>());
        Interlocked.Increment(ref box.Value);
        return new Release(box);
    }

    private sealed class Release(StrongBox<int> box) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref box.Value);
            }
        }
    }
}
