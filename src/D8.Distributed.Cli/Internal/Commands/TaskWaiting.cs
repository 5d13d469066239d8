using System.Diagnostics;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Internal;

/// <summary>Waiting for a task on the master, as <c>exec</c> and <c>tasks wait</c> do.</summary>
internal static class TaskWaiting
{
    /// <summary>
    /// Waits (long polls of the master) until <paramref name="task"/> is final or <paramref name="timeout"/> passes, then
    /// prints it like <c>exec</c>. Ctrl+C stops the waiting, not the task, and says how to wait again.
    /// </summary>
    /// <returns>0 when the task succeeded; 1 otherwise, or when it is not final yet.</returns>
    public static async Task<int> WaitAndPrintAsync(CliContext context, MasterConnection master, TaskResponse task, TimeSpan? timeout, bool json, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (!task.IsFinal)
            {
                var left = timeout is { } total ? total - Stopwatch.GetElapsedTime(started) : TimeSpan.FromSeconds(D8MasterClient.MaxWaitSeconds);
                if (left <= TimeSpan.Zero)
                {
                    await context.Error.WriteLineAsync($"d8-master: task {task.TaskId} is still {task.Status} after {timeout!.Value.TotalSeconds:0.###} s; wait again with: d8-master tasks wait {task.TaskId}");
                    return MasterCli.Failed;
                }

                task = await master.Client.WaitForTaskAsync(task.TaskId, left, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"d8-master: task {task.TaskId} keeps running; d8-master tasks wait {task.TaskId}").ConfigureAwait(false);
            return MasterCli.Failed;
        }

        return await TaskOutput.WriteResultAsync(context, TaskResultView.From(task), json).ConfigureAwait(false);
    }
}
