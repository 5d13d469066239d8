using System.Collections.Concurrent;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// In-process signals of the queue: a wake-up for the dispatch loop (coalesced: many wakes before the loop looks are
/// one), and a completion per task that somebody waits for, set when this process sees the task become final.
/// </summary>
internal sealed class TaskQueueSignals(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TaskOutcome>> _final = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = NewWake();

    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Waits for a wake-up or the timeout; a wake that came while nobody waited is not lost.</summary>
    public async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _wake);
        if (!current.Task.IsCompleted)
        {
            try
            {
                await current.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }

        // Only a wake that was seen is consumed: a wake arriving after the timeout stays set for the next wait.
        Interlocked.CompareExchange(ref _wake, NewWake(), current);
    }

    /// <summary>The completion of a task's final state; set by <see cref="Finished"/>.</summary>
    public Task<TaskOutcome> WhenFinal(string taskId) =>
        _final.GetOrAdd(taskId, static _ => new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Gets the ids of the tasks somebody in this process waits for.</summary>
    public IReadOnlyCollection<string> Awaited => [.. _final.Keys];

    /// <summary>Whether somebody in this process waits for the task.</summary>
    public bool IsAwaited(string taskId) => _final.ContainsKey(taskId);

    public void Finished(TaskOutcome outcome)
    {
        if (_final.TryRemove(outcome.Task.TaskId, out var completion))
        {
            completion.TrySetResult(outcome);
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
