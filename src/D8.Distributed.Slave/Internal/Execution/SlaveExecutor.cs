using System.Globalization;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Runs one execute request end to end: validation, idempotency by <c>task_id</c>, draining and capacity checks and
/// the process itself. It answers with an <see cref="ExecutionResult"/>; status codes are the HTTP layer's business.
/// </summary>
internal sealed class SlaveExecutor(
    ExecutionPlanner planner,
    CapabilityProbe capabilities,
    IdempotencyStore store,
    ExecutionSlots slots,
    SlaveLifecycle lifecycle,
    ProcessRunner runner,
    ILogger<SlaveExecutor> logger)
{
    public async Task<ExecutionResult> ExecuteAsync(ExecuteRequest request, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = planner.Plan(request, capabilities.Current, out var error);
        if (plan is null)
        {
            Log.RequestRejected(logger, error!);
            return ExecutionResult.Refused(error!);
        }

        if (string.IsNullOrEmpty(request.TaskId))
        {
            // Without a task id nobody can retry this run: it ends with the client's request.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifecycle.KillToken);
            return await RunAsync(plan, Guid.NewGuid().ToString("N"), linked.Token).ConfigureAwait(false);
        }

        var taskId = request.TaskId;
        if (!store.TryBegin(taskId, out var existing, out _))
        {
            Log.TaskJoined(logger, taskId);
            return await existing.WaitAsync(requestAborted).ConfigureAwait(false);
        }

        // With a task id the run outlives the request: a master that timed out retries and joins it.
        _ = RunOwnedAsync(plan, taskId);
        return await existing.WaitAsync(requestAborted).ConfigureAwait(false);
    }

    private async Task RunOwnedAsync(ExecutionPlan plan, string taskId)
    {
        ExecutionResult result;
        try
        {
            result = await RunAsync(plan, taskId, lifecycle.KillToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.TaskCrashed(logger, taskId, ex);
            result = ExecutionResult.Completed(new ExecuteResponse { Success = false, Error = $"The slave failed to run the task: {ex.Message}", Method = plan.Method, TaskId = taskId });
        }

        // Only a run is remembered: after a refusal nothing ran, so a retry may run it.
        store.Complete(taskId, result, keep: result.IsCompleted);
    }

    private async Task<ExecutionResult> RunAsync(ExecutionPlan plan, string taskId, CancellationToken cancellationToken)
    {
        if (!lifecycle.TryTrack())
        {
            return ShuttingDown(taskId);
        }

        try
        {
            IDisposable? slot;
            try
            {
                slot = await slots.TryEnterAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lifecycle.KillToken.IsCancellationRequested)
            {
                // Still queued when the grace period ended: it never ran.
                return ShuttingDown(taskId);
            }

            if (slot is null)
            {
                var (running, queued) = slots.Counts;
                Log.AtCapacity(logger, taskId, running, queued);
                return ExecutionResult.Busy($"Slave at capacity: {running} tasks running (max {slots.MaxRunning}) and the queue is full; retry later");
            }

            using (slot)
            {
                Log.TaskStarted(logger, taskId, plan.Method);
                var result = await runner.RunAsync(plan.Process, cancellationToken).ConfigureAwait(false);
                Log.TaskFinished(logger, taskId, plan.Method, result.ExitCode, result.TimedOut, (long)result.Duration.TotalMilliseconds);
                return ExecutionResult.Completed(ToResponse(result, plan, taskId));
            }
        }
        finally
        {
            lifecycle.Untrack();
        }
    }

    private ExecutionResult ShuttingDown(string taskId)
    {
        Log.RefusedWhileDraining(logger, taskId);
        return ExecutionResult.Draining("Slave is shutting down (draining) and accepts no new tasks; retry on another slave");
    }

    private ExecuteResponse ToResponse(ProcessResult result, ExecutionPlan plan, string taskId)
    {
        var reason = result.StartError
            ?? (result.TimedOut
                ? $"Timed out after {plan.Process.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (timeout_seconds); the process tree was killed"
                : result.Cancelled
                    ? (lifecycle.IsDraining ? "Killed: the slave shut down before the task finished" : "Cancelled: the request was aborted")
                    : null);
        var error = reason is null ? result.Error
            : result.Error.Length == 0 ? reason
            : result.Error.EndsWith('\n') ? result.Error + reason
            : result.Error + "\n" + reason;

        return new ExecuteResponse
        {
            Success = reason is null && result.ExitCode == 0,
            Output = result.Output,
            Error = error,
            Method = plan.Method,
            ExitCode = result.ExitCode,
            TimedOut = result.TimedOut,
            DurationMs = (long)result.Duration.TotalMilliseconds,
            OutputTruncated = result.OutputTruncated,
            ErrorTruncated = result.ErrorTruncated,
            TaskId = taskId,
        };
    }
}
