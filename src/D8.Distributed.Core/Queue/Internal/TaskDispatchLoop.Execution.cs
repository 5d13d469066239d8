using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>Running one claimed task: execute on its slave, fail over on transport failures, store how it ended.</summary>
internal sealed partial class TaskDispatchLoop
{
    private async Task ExecuteAsync(D8TaskInfo task, SlaveInfo slave, CancellationToken cancellationToken)
    {
        var timeout = task.Timeout ?? _options.DefaultTaskTimeout;
        using var activity = D8Telemetry.ActivitySource.StartActivity("d8.dispatch", ActivityKind.Internal);
        activity?.SetTag("d8.task.id", task.TaskId);
        activity?.SetTag("d8.task.type", task.TaskType);
        activity?.SetTag("d8.slave.id", slave.Id);

        var request = TaskRecords.ToRequest(task, timeout);
        var failures = _failedSlaves.GetOrAdd(task.TaskId, static _ => new(StringComparer.Ordinal));
        var attempted = failures.Keys.Append(slave.Id).ToList();
        Log.Dispatching(_logger, task.TaskId, slave.Id, failures.Count);
        _metrics.Dispatched(slave.Id, task.TaskType);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var response = await _clients.Create()
                .ExecuteAsync(slave, request, timeout + _options.Resilience.ExecuteTimeoutMargin, cancellationToken)
                .ConfigureAwait(false);
            var roundTrip = _timeProvider.GetElapsedTime(started);
            _latency.Record(slave.Id, task.TaskType, roundTrip);
            _metrics.Duration(roundTrip, slave.Id, task.TaskType, response.Success);
            if (!response.Success)
            {
                // It ran and failed: that is the task's answer, never a reason to run it again elsewhere.
                _metrics.Failed("exit", task.TaskType);
                activity?.SetStatus(ActivityStatusCode.Error, "task failed");
            }

            Log.Dispatched(_logger, task.TaskId, slave.Id, response.Success, response.ExitCode);
            _failedSlaves.TryRemove(task.TaskId, out _);
            var now = _timeProvider.GetUtcNow();
            activity?.Stop();
            await CompleteAsync(
                task,
                current => TaskRecords.Finish(current, response, now, _options.Queue.MaxStoredOutputChars),
                new TaskOutcome(task, response, null, attempted, roundTrip)).ConfigureAwait(false);
        }
        catch (SlaveTransportException ex) when (!cancellationToken.IsCancellationRequested)
        {
            failures[slave.Id] = ex.Message;
            Log.TransportFailure(_logger, task.TaskId, slave.Id, ex.Message);
            var budgetSpent = failures.Count > _options.MaxFailoverAttempts;
            var exclusions = new Dictionary<string, string>(StringComparer.Ordinal);
            if (budgetSpent || !AnyOtherCouldTake(task, failures, out exclusions))
            {
                _failedSlaves.TryRemove(task.TaskId, out _);
                _metrics.Failed(budgetSpent ? "transport" : "no_eligible_slave", task.TaskType);
                activity?.SetStatus(ActivityStatusCode.Error, "failover budget spent");
                Exception failure = budgetSpent
                    ? new SlaveTransportException(
                        $"Task '{task.TaskId}' could not be run: {failures.Count} slave(s) failed in transport ({string.Join("; ", failures.Select(pair => $"{pair.Key}: {pair.Value}"))}) and D8:Master:MaxFailoverAttempts is {_options.MaxFailoverAttempts}.",
                        ex)
                    : new NoEligibleSlaveException(task.TaskId, exclusions, ex);
                var now = _timeProvider.GetUtcNow();
                activity?.Stop();
                await CompleteAsync(
                    task,
                    current => TaskRecords.End(current, D8TaskStatus.Failed, failure.Message, now),
                    new TaskOutcome(task, Failure: failure, AttemptedSlaves: attempted)).ConfigureAwait(false);
                return;
            }

            // Same task_id, another slave: back to the queue, where this slave is excluded for it.
            var requeued = await _store.TryUpdateAsync(
                task with { Status = D8TaskStatus.Queued, Reason = $"re-queued after slave '{slave.Id}' failed in transport: {ex.Message}" },
                CancellationToken.None).ConfigureAwait(false);
            if (requeued is not null)
            {
                Log.TaskRequeued(_logger, task.TaskId, slave.Id, ex.Message);
            }
        }
        catch (SlaveRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _failedSlaves.TryRemove(task.TaskId, out _);
            _metrics.Failed("rejected", task.TaskType);
            activity?.SetStatus(ActivityStatusCode.Error, "rejected by slave");
            activity?.Stop();
            var now = _timeProvider.GetUtcNow();
            await CompleteAsync(
                task,
                current => TaskRecords.End(current, D8TaskStatus.Failed, ex.Message, now),
                new TaskOutcome(task, Failure: ex, AttemptedSlaves: attempted)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores a task's end. When the record moved on meanwhile (cancelled by a user while the slave still answered),
    /// the final state stays as it is and only the slave's output is added to it.
    /// </summary>
    private async Task CompleteAsync(D8TaskInfo task, Func<D8TaskInfo, D8TaskInfo> finish, TaskOutcome outcome)
    {
        var current = task;
        while (true)
        {
            var stored = await _store.TryUpdateAsync(finish(current), CancellationToken.None).ConfigureAwait(false);
            if (stored is not null)
            {
                Ended(stored, outcome with { Task = stored });
                return;
            }

            current = await _store.GetAsync(task.TaskId, CancellationToken.None).ConfigureAwait(false);
            if (current is null)
            {
                return;
            }

            if (current.IsFinal)
            {
                if (current.Status == D8TaskStatus.Cancelled && outcome.Response is { } response && current.ExitCode is null && current.Output.Length == 0)
                {
                    var merged = TaskRecords.Finish(current, response, current.FinishedAt ?? _timeProvider.GetUtcNow(), _options.Queue.MaxStoredOutputChars)
                        with { Status = D8TaskStatus.Cancelled, Reason = current.Reason, FinishedAt = current.FinishedAt };
                    current = await _store.TryUpdateAsync(merged, CancellationToken.None).ConfigureAwait(false) ?? current;
                }

                _signals.Finished(outcome with { Task = current });
                return;
            }
        }
    }

    private void Ended(D8TaskInfo task, TaskOutcome outcome)
    {
        _metrics.Finished(task);
        if (DurationModel.Sample(task) is { } sample)
        {
            _model.Observe(sample.SlaveId, task.TaskType, sample.Duration, task.PredictedDuration);
            if (task.GetPredictionError() is { } error)
            {
                _metrics.PredictionError(error, sample.SlaveId, task.TaskType);
            }
        }

        Log.TaskEnded(_logger, task.TaskId, task.Status.ToName(), task.SlaveId);
        _history.Record(new DispatchedTask(
            task.TaskId, task.SlaveId, task.MethodUsed ?? task.Method, task.TaskType, task.StartedAt ?? task.QueuedAt,
            outcome.RoundTrip, task.Status == D8TaskStatus.Succeeded, task.ExitCode, task.Output, task.Error.Length > 0 ? task.Error : task.Reason ?? string.Empty));
        _signals.Finished(outcome);
    }

    /// <summary>A task its slave forgot: lost, or back to the queue while its attempts stay within max_retries.</summary>
    private async Task LoseOrRetryAsync(D8TaskInfo task, string reason)
    {
        while (true)
        {
            var now = _timeProvider.GetUtcNow();
            var retry = task.Attempts <= task.MaxRetries;
            var updated = retry
                ? task with { Status = D8TaskStatus.Queued, Reason = $"re-queued ({reason})" }
                : TaskRecords.End(task, D8TaskStatus.Lost, reason, now);
            var stored = await _store.TryUpdateAsync(updated, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null)
            {
                if (retry)
                {
                    // Prefer another slave for the re-run: this one lost it once.
                    if (task.SlaveId is { } slaveId && _registry.GetAll().Any(slave => slave.Id != slaveId))
                    {
                        _failedSlaves.GetOrAdd(task.TaskId, static _ => new(StringComparer.Ordinal))[slaveId] = reason;
                    }

                    Log.TaskRetried(_logger, task.TaskId, task.Attempts, task.MaxRetries, reason);
                    _signals.Wake();
                }
                else
                {
                    Log.TaskLost(_logger, task.TaskId, reason);
                    Ended(stored, new TaskOutcome(stored));
                }

                return;
            }

            var current = await _store.GetAsync(task.TaskId, CancellationToken.None).ConfigureAwait(false);
            if (current is null || current.IsFinal || current.Status != D8TaskStatus.Running)
            {
                return;
            }

            task = current;
        }
    }

    /// <summary>Asks the task's slave to kill it (the record is already <see cref="D8TaskStatus.Cancelled"/>).</summary>
    public async Task CancelOnSlaveAsync(string taskId, string slaveId, CancellationToken cancellationToken)
    {
        var slave = _registry.Find(slaveId);
        if (slave is null)
        {
            return;
        }

        try
        {
            await _clients.Create().CancelAsync(slave, taskId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SlaveTransportException or SlaveRequestException)
        {
            Log.SlaveCancelFailed(_logger, taskId, slaveId, ex.Message);
        }
    }
}
