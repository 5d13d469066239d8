using System.Collections.Concurrent;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Tests.Support;

/// <summary>Collects the slave events the monitor raises.</summary>
public sealed class SlaveEventRecorder : ISlaveEventHandler
{
    private readonly ConcurrentQueue<SlaveEvent> _events = new();

    public IReadOnlyList<SlaveEvent> Events => [.. _events];

    public bool Has(SlaveEventKind kind, string slaveId) => _events.Any(e => e.Kind == kind && e.SlaveId == slaveId);

    public ValueTask HandleAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(slaveEvent);
        return ValueTask.CompletedTask;
    }
}
