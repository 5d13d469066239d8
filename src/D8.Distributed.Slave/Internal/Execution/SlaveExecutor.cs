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
    internal const string ResumeOnlyWithoutTaskIdMessage = "resume_only needs a task_id: it only joins or answers a task the slave already knows";

    public async Task<ExecutionResult> ExecuteAsync(ExecuteRequest request, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResumeOnly)
        {
            return await ResumeAsync(request, requestAborted).ConfigureAwait(false);
        }

        // A request without a task id still gets one: the docker method names its container after it.
        var anonymous = string.IsNullOrEmpty(request.TaskId);
        var taskId = anonymous ? Guid.NewGuid().ToString("N") : request.TaskId!;
        var snapshot = await capabilities.CurrentAsync(requestAborted).ConfigureAwait(false);
        var plan = planner.Plan(request, taskId, snapshot, out var error);
        if (plan is null)
        {
            Log.RequestRejected(logger, error!);
            return ExecutionResult.Refused(error!);
        }

        if (anonymous)
        {
            // Without a task id nobody can retry this run: it ends with the client's request.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifecycle.KillToken);
            return await RunAsync(plan, taskId, linked.Token, CancellationToken.None).ConfigureAwait(false);
        }

        if (!store.TryBegin(taskId, out var existing, out var cancellation))
        {
            Log.TaskJoined(logger, taskId);
            return await existing.WaitAsync(requestAborted).ConfigureAwait(false);
        }

        // With a task id the run outlives the request: a master that timed out retries and joins it.
        _ = RunOwnedAsync(plan, taskId, cancellation);
        return await existing.WaitAsync(requestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a task by id: a running one has its process tree killed, a queued one never starts; either way the
    /// cancelled result is kept like any other, so a later execute with the id gets it. A finished task's result is
    /// answered as it is. <see langword="null"/> when the task is unknown (or ended without running, so nothing is kept).
    /// </summary>
    public async Task<ExecuteResponse?> CancelAsync(string taskId, CancellationToken requestAborted)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var run = store.Cancel(taskId, out var requested);
        if (run is null)
        {
            Log.UnknownTask(logger, taskId, "cancel");
            return null;
        }

        if (requested)
        {
            Log.TaskCancelRequested(logger, taskId);
        }

        var result = await run.WaitAsync(requestAborted).ConfigureAwait(false);
        return result.IsCompleted ? result.Response : null;
    }

    /// <summary>What the slave knows of a task: running (or queued), finished with its result, or <see langword="null"/>.</summary>
    public SlaveTaskStatusResponse? GetTask(string taskId)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return store.Find(taskId) is { } known
            ? new SlaveTaskStatusResponse
            {
                TaskId = taskId,
                Status = known.Finished ? SlaveTaskStatusResponse.Finished : SlaveTaskStatusResponse.Running,
                Result = known.Result,
            }
            : null;
    }

    /// <summary>
    /// A resume-only execute (a master re-joining after its restart) joins a known task or answers its kept result, and
    /// never starts one: the command is not even planned, since nothing will run.
    /// </summary>
    private async Task<ExecutionResult> ResumeAsync(ExecuteRequest request, CancellationToken requestAborted)
    {
        if (string.IsNullOrEmpty(request.TaskId))
        {
            Log.RequestRejected(logger, ResumeOnlyWithoutTaskIdMessage);
            return ExecutionResult.Refused(ResumeOnlyWithoutTaskIdMessage);
        }

        var run = store.TryJoin(request.TaskId);
        if (run is null)
        {
            Log.UnknownTask(logger, request.TaskId, "resume");
            return ExecutionResult.UnknownTask(request.TaskId);
        }

        Log.TaskJoined(logger, request.TaskId);
        return await run.WaitAsync(requestAborted).ConfigureAwait(false);
    }

    private async Task RunOwnedAsync(ExecutionPlan plan, string taskId, CancellationToken cancelRequested)
    {
        ExecutionResult result;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(lifecycle.KillToken, cancelRequested);
            result = await RunAsync(plan, taskId, linked.Token, cancelRequested).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.TaskCrashed(logger, taskId, ex);
            result = ExecutionResult.Completed(new ExecuteResponse { Success = false, Error = $"The slave failed to run the task: {ex.Message}", Method = plan.Method, TaskId = taskId });
        }

        // Only a run is remembered: after a refusal nothing ran, so a retry may run it. A cancelled task counts as run,
        // so a master re-joining it gets the cancelled result instead of a fresh run.
        store.Complete(taskId, result, keep: result.IsCompleted);
    }

    // cancellationToken stops the task (client gone without a task id, shutdown, or a cancel request); cancelRequested
    // is tripped by a cancel request only, to tell a cancelled task from a killed one.
    private async Task<ExecutionResult> RunAsync(ExecutionPlan plan, string taskId, CancellationToken cancellationToken, CancellationToken cancelRequested)
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
            catch (OperationCanceledException) when (cancelRequested.IsCancellationRequested)
            {
                return CancelledBeforeStart(plan, taskId);
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
                if (cancelRequested.IsCancellationRequested)
                {
                    // Cancelled while the slot was being granted: it must not start at all.
                    return CancelledBeforeStart(plan, taskId);
                }

                Log.TaskStarted(logger, taskId, plan.Method);
                var result = await runner.RunAsync(plan.Process, cancellationToken).ConfigureAwait(false);
                Log.TaskFinished(logger, taskId, plan.Method, result.ExitCode, result.TimedOut, (long)result.Duration.TotalMilliseconds);
                return ExecutionResult.Completed(ToResponse(result, plan, taskId, cancelRequested.IsCancellationRequested));
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

    private ExecutionResult CancelledBeforeStart(ExecutionPlan plan, string taskId)
    {
        Log.TaskCancelled(logger, taskId, false);
        return ExecutionResult.Completed(new ExecuteResponse
        {
            Success = false,
            Error = $"Cancelled: POST /api/tasks/{taskId}/cancel arrived while the task waited for a slot; it never started",
            Method = plan.Method,
            Cancelled = true,
            DurationMs = 0,
            TaskId = taskId,
        });
    }

    private ExecuteResponse ToResponse(ProcessResult result, ExecutionPlan plan, string taskId, bool cancelRequested)
    {
        // Only a kill counts as a cancellation: a task that finished on its own as the cancel arrived keeps its result.
        var cancelled = result.Cancelled && cancelRequested;
        if (cancelled)
        {
            Log.TaskCancelled(logger, taskId, true);
        }

        var reason = result.StartError
            ?? (result.TimedOut
                ? $"Timed out after {plan.Process.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (timeout_seconds); the process tree was killed"
                : cancelled
                    ? $"Cancelled: POST /api/tasks/{taskId}/cancel killed the process tree"
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
            Cancelled = cancelled,
            DurationMs = (long)result.Duration.TotalMilliseconds,
            OutputTruncated = result.OutputTruncated,
            ErrorTruncated = result.ErrorTruncated,
            TaskId = taskId,
        };
    }
}
