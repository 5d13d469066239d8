using System.Net;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Crash recovery: tasks the store shows running when the loop starts were in flight when the master last stopped.
/// Each is re-posted with the same <c>task_id</c> to the same slave, resume-only, so the slave joins the running
/// execution or answers its stored result and never runs it a second time; a slave that forgot it (restarted), is gone,
/// or cannot join (an old Python slave) makes the task lost, or queued again when it is retryable.
/// </summary>
internal sealed partial class TaskDispatchLoop
{
    private async Task RecoverAsync(CancellationToken stopping)
    {
        var running = new List<D8TaskInfo>();
        long? before = null;
        do
        {
            var page = await _store.ListAsync(new D8TaskQuery { Statuses = [D8TaskStatus.Running], Limit = D8TaskQuery.MaxLimit, Before = before }, stopping)
                .ConfigureAwait(false);
            running.AddRange(page.Tasks);
            before = page.NextBefore;
        }
        while (before is not null);

        Log.QueueStarted(_logger, running.Count);
        if (running.Count == 0)
        {
            return;
        }

        await _checker.CheckUncheckedAsync(stopping).ConfigureAwait(false);
        foreach (var task in running)
        {
            if (_running.ContainsKey(task.TaskId))
            {
                continue;
            }

            if (task.SlaveId is not { } slaveId || _registry.Find(slaveId) is not { } slave)
            {
                await LoseOrRetryAsync(task, $"its slave '{task.SlaveId}' is no longer registered").ConfigureAwait(false);
                continue;
            }

            Start(task, slave, join: true, stopping);
        }
    }

    private async Task RejoinAsync(D8TaskInfo task, SlaveInfo slave, CancellationToken stopping)
    {
        var timeout = task.Timeout ?? _options.DefaultTaskTimeout;
        // Past this, a slave that never answered again cannot be running the task any more.
        var deadline = (task.StartedAt ?? task.QueuedAt) + timeout + _options.Resilience.ExecuteTimeoutMargin + _options.HealthCheckInterval;
        var delay = _options.RecoveryProbeDelay;
        var request = TaskRecords.ToRequest(task, timeout) with { ResumeOnly = true };
        while (true)
        {
            SlaveInfo checkedSlave;
            try
            {
                checkedSlave = await _checker.CheckAsync(slave.Id, stopping).ConfigureAwait(false);
            }
            catch (KeyNotFoundException)
            {
                await LoseOrRetryAsync(task, $"its slave '{slave.Id}' is no longer registered").ConfigureAwait(false);
                return;
            }

            if (checkedSlave.Status is SlaveStatus.Healthy or SlaveStatus.Draining or SlaveStatus.VersionMismatch)
            {
                if (checkedSlave.MaxConcurrentTasks is null)
                {
                    // The old Python slave ignores resume_only and would run the task again.
                    await LoseOrRetryAsync(task, $"slave '{slave.Id}' cannot rejoin a running task (an old slave without task ids)").ConfigureAwait(false);
                    return;
                }

                try
                {
                    var started = _timeProvider.GetTimestamp();
                    var response = await _clients.Create()
                        .ExecuteAsync(checkedSlave, request, timeout + _options.Resilience.ExecuteTimeoutMargin, stopping)
                        .ConfigureAwait(false);
                    Log.TaskRejoined(_logger, task.TaskId, slave.Id);
                    var now = _timeProvider.GetUtcNow();
                    await CompleteAsync(
                        task,
                        current => TaskRecords.Finish(current, response, now, _options.Queue.MaxStoredOutputChars),
                        new TaskOutcome(task, response, null, [slave.Id], _timeProvider.GetElapsedTime(started))).ConfigureAwait(false);
                    return;
                }
                catch (SlaveRequestException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    await LoseOrRetryAsync(task, $"slave '{slave.Id}' no longer knows the task (it restarted, or forgot the result)").ConfigureAwait(false);
                    return;
                }
                catch (SlaveRequestException ex)
                {
                    var now = _timeProvider.GetUtcNow();
                    await CompleteAsync(task, current => TaskRecords.End(current, D8TaskStatus.Failed, ex.Message, now), new TaskOutcome(task, Failure: ex))
                        .ConfigureAwait(false);
                    return;
                }
                catch (SlaveTransportException) when (!stopping.IsCancellationRequested)
                {
                    // Fall through to the wait below: the slave may come back while the task could still be running.
                }
            }

            if (_timeProvider.GetUtcNow() >= deadline)
            {
                await LoseOrRetryAsync(task, $"slave '{slave.Id}' did not answer since the master restarted ({checkedSlave.LastError ?? "no answer"})").ConfigureAwait(false);
                return;
            }

            await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.HealthCheckInterval.Ticks));
            if (_registry.Find(slave.Id) is null)
            {
                await LoseOrRetryAsync(task, $"its slave '{slave.Id}' is no longer registered").ConfigureAwait(false);
                return;
            }
        }
    }
}
