namespace D8.Distributed.Core.Internal;

/// <summary>
/// <see cref="ITaskDispatcher"/> on the queue: the task is queued (so it is stored, visible and counted like any
/// other), then awaited. A task that no registered slave could ever take fails at once, as it did before the queue;
/// one whose slaves are only busy waits for capacity.
/// </summary>
internal sealed class QueuedTaskDispatcher(
    TaskQueue queue,
    ISlaveRegistry registry,
    SlaveHealthChecker checker,
    D8Metrics metrics,
    TaskHistory history,
    TimeProvider timeProvider) : ITaskDispatcher
{
    private static readonly IReadOnlyDictionary<string, string> NoFailures = new Dictionary<string, string>();

    public async Task<D8TaskResult> DispatchAsync(D8Task task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskRecords.Validate(task);
        var taskId = string.IsNullOrEmpty(task.TaskId) ? Guid.NewGuid().ToString("N") : task.TaskId;
        await checker.CheckUncheckedAsync(cancellationToken).ConfigureAwait(false);
        ThrowWhenNoSlaveCouldTake(task, taskId);

        var queued = await queue.EnqueueAsync(task with { TaskId = taskId }, cancellationToken).ConfigureAwait(false);
        var outcome = await queue.WaitForOutcomeAsync(queued.TaskId, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Task '{taskId}' disappeared from the task store while it was awaited.");
        if (outcome.Failure is { } failure)
        {
            throw failure;
        }

        var finished = outcome.Task;
        var response = outcome.Response ?? TaskRecords.ToResponse(finished);
        if (outcome.Response is null && finished.Status is D8TaskStatus.Lost or D8TaskStatus.Cancelled && finished.ExitCode is null)
        {
            response = response with { Error = finished.Reason ?? finished.Status.ToName() };
        }

        return new D8TaskResult(
            finished.TaskId,
            finished.SlaveId ?? string.Empty,
            response,
            outcome.AttemptedSlaves ?? (finished.SlaveId is { } slaveId ? [slaveId] : []),
            outcome.RoundTrip);
    }

    private void ThrowWhenNoSlaveCouldTake(D8Task task, string taskId)
    {
        var exclusions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slave in registry.GetAll())
        {
            // Capacity is not a reason to fail: a busy slave's task waits in the queue.
            var reason = Eligibility.Exclude(slave, task, load: 0, NoFailures);
            if (reason is null)
            {
                return;
            }

            exclusions[slave.Id] = reason;
        }

        if (task.SlaveId is not null && !exclusions.ContainsKey(task.SlaveId))
        {
            exclusions[task.SlaveId] = "not registered";
        }

        metrics.Failed("no_eligible_slave", task.TaskType);
        var error = new NoEligibleSlaveException(taskId, exclusions, null);
        history.Record(new DispatchedTask(
            taskId, null, task.Method, task.TaskType, timeProvider.GetUtcNow(), TimeSpan.Zero, Success: false, ExitCode: null, string.Empty, error.Message));
        throw error;
    }
}
