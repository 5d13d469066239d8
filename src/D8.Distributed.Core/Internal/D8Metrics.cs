using System.Diagnostics.Metrics;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Internal;

/// <summary>The master's instruments on the <c>D8.Distributed</c> meter.</summary>
internal sealed class D8Metrics
{
    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _predictionError;
    private int _depth;
    private int _runningTasks;

    public D8Metrics(IMeterFactory meterFactory, ISlaveRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(D8Telemetry.Name);
        _dispatched = meter.CreateCounter<long>("d8.tasks.dispatched", "{task}", "Tasks sent to a slave (each failover counts again).");
        _failed = meter.CreateCounter<long>("d8.tasks.failed", "{task}", "Tasks that ended without success: ran and failed, or could not be run.");
        _duration = meter.CreateHistogram<double>("d8.task.duration", "s", "Round-trip time of an execute call that reached a result.");
        _queued = meter.CreateCounter<long>("d8.tasks.queued", "{task}", "Tasks accepted into the queue.");
        _refused = meter.CreateCounter<long>("d8.tasks.refused", "{task}", "Tasks refused because the queue was full.");
        _started = meter.CreateCounter<long>("d8.tasks.started", "{task}", "Tasks taken from the queue and sent to a slave.");
        _finished = meter.CreateCounter<long>("d8.tasks.finished", "{task}", "Tasks that reached a final state, by outcome (d8.task.status).");
        _queueWait = meter.CreateHistogram<double>("d8.task.queue_wait", "s", "Time from queued to sent to a slave.");
        _runDuration = meter.CreateHistogram<double>("d8.task.run_duration", "s", "Run time the slave reported for a finished task.");
        _predictionError = meter.CreateHistogram<double>("d8.task.prediction_error", "1", "Relative error of a finished task's predicted run time: |actual - predicted| / actual.");
        meter.CreateObservableGauge("d8.queue.depth", () => Volatile.Read(ref _depth), "{task}", "Tasks waiting in the queue (refreshed every poll interval).");
        meter.CreateObservableGauge("d8.tasks.running", () => Volatile.Read(ref _runningTasks), "{task}", "Tasks running on slaves (refreshed every poll interval).");
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

    public void Queued(string taskType) => _queued.Add(1, new KeyValuePair<string, object?>("d8.task.type", taskType));

    public void Refused(string taskType) => _refused.Add(1, new KeyValuePair<string, object?>("d8.task.type", taskType));

    public void Started(D8TaskInfo task, TimeSpan wait)
    {
        _started.Add(1, new("d8.task.type", task.TaskType), new("d8.slave.id", task.SlaveId));
        _queueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("d8.task.type", task.TaskType));
    }

    public void Finished(D8TaskInfo task)
    {
        _finished.Add(1, new("d8.task.type", task.TaskType), new("d8.task.status", task.Status.ToName()));
        if (task.Duration is { } duration)
        {
            _runDuration.Record(duration.TotalSeconds, new("d8.task.type", task.TaskType), new("d8.slave.id", task.SlaveId));
        }
    }

    public void PredictionError(double relativeError, string slaveId, string taskType) =>
        _predictionError.Record(relativeError, new("d8.slave.id", slaveId), new("d8.task.type", taskType));

    public void Depth(int queued, int running)
    {
        Volatile.Write(ref _depth, queued);
        Volatile.Write(ref _runningTasks, running);
    }
}
