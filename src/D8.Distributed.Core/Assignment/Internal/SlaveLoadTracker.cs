using System.Runtime.CompilerServices;

using System.Collections.Concurrent;

namespace D8.Distributed.Core.Assignment.Internal;

/// <summary>Tasks this master has in flight per slave (counted between send and answer).</summary>
internal sealed class SlaveLoadTracker
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.Ordinal);

    public int InFlight(string slaveId) => _inFlight.TryGetValue(slaveId, out var box) ? Volatile.Read(ref box.Value) : 0;

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
