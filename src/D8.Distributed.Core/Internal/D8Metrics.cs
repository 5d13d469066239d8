using System.Diagnostics.Metrics;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Internal;

/// <summary>The master's instruments on the <c>D8.Distributed</c> meter.</summary>
internal sealed class D8Metrics
{
    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;

    public D8Metrics(IMeterFactory meterFactory, ISlaveRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(D8Telemetry.Name);
        _dispatched = meter.CreateCounter<long>("d8.tasks.dispatched", "{task}", "Tasks sent to a slave (each failover counts again).");
        _failed = meter.CreateCounter<long>("d8.tasks.failed", "{task}", "Tasks that ended without success: ran and failed, or could not be run.");
        _duration = meter.CreateHistogram<double>("d8.task.duration", "s", "Round-trip time of an execute call that reached a result.");
        meter.CreateObservableGauge(
            "d8.slaves.healthy",
            () => registry.GetAll().Count(slave => slave.Status == SlaveStatus.Healthy),
            "{slave}",
            "Slaves whose last health check found them healthy.");
    }

    public void Dispatched(string slaveId, string taskType) =>
        _dispatched.Add(1, new("d8.slave.id", slaveId), new("d8.task.type", taskType));

    public void Failed(string reason, string taskType) =>
        _failed.Add(1, new("d8.failure.reason", reason), new("d8.task.type", taskType));

    public void Duration(TimeSpan duration, string slaveId, string taskType, bool success) =>
        _duration.Record(duration.TotalSeconds, new("d8.slave.id", slaveId), new("d8.task.type", taskType), new("d8.task.success", success));
}
