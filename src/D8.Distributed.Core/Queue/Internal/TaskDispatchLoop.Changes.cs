using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Writes made by other masters on a shared store (<see cref="ITaskStoreChangeFeed"/>): a task queued elsewhere wakes
/// the loop, a task finished elsewhere completes this process's waiters, and a running task cancelled elsewhere is
/// killed on its slave by the master that runs it (the leader, which tracks the run).
/// </summary>
internal sealed partial class TaskDispatchLoop
{
    private ITaskStoreChangeFeed? Feed => _store as ITaskStoreChangeFeed;

    /// <summary>
    /// Asks the slave to kill a running task this process cancelled. On a follower of a shared store the leader does it
    /// when the cancellation reaches it through the feed: it runs the task and its registry is the one that is current.
    /// </summary>
    public Task CancelRunningAsync(string taskId, string slaveId, CancellationToken cancellationToken)
    {
        if (Feed is not null && !_leadership.Role.IsLeader())
        {
            Log.CancelLeftToLeader(_logger, taskId, slaveId);
            return Task.CompletedTask;
        }

        return CancelOnSlaveAsync(taskId, slaveId, cancellationToken);
    }

    private void SubscribeToFeed()
    {
        if (Feed is { } feed)
        {
            feed.Changed += OnStoreChanged;
        }
    }

    private void UnsubscribeFromFeed()
    {
        if (Feed is { } feed)
        {
            feed.Changed -= OnStoreChanged;
        }
    }

    private void OnStoreChanged(object? sender, TaskStoreChangedEventArgs e)
    {
        if (e.TaskId is not { } taskId)
        {
            // Changes may have been missed (the feed reconnected): look at the queue and at every awaited task again.
            _signals.Wake();
            foreach (var awaited in _signals.Awaited)
            {
                _ = CompleteFromStoreAsync(awaited);
            }

            return;
        }

        if (!e.Status.IsFinal())
        {
            _signals.Wake();
            return;
        }

        if (e.Status == D8TaskStatus.Cancelled && _running.TryGetValue(taskId, out var running))
        {
            Log.CancelledElsewhere(_logger, taskId, running.SlaveId);
            _ = CancelFromFeedAsync(taskId, running.SlaveId);
        }

        if (_signals.IsAwaited(taskId))
        {
            _ = CompleteFromStoreAsync(taskId);
        }
    }

    private async Task CancelFromFeedAsync(string taskId, string slaveId)
    {
        try
        {
            await CancelOnSlaveAsync(taskId, slaveId, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the slave's own timeout ends the task.
        }
    }

    /// <summary>Completes this process's waiters of a task another process finished, with the stored record.</summary>
    private async Task CompleteFromStoreAsync(string taskId)
    {
        try
        {
            var task = await _store.GetAsync(taskId, _stopping.Token).ConfigureAwait(false);
            if (task is { IsFinal: true })
            {
                _signals.Finished(new TaskOutcome(task));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: nobody is left to wait.
        }
        catch (Exception ex)
        {
            // The waiters poll the store as well; they see the final state at their next look.
            Log.ChangeNotApplied(_logger, taskId, ex.Message);
        }
    }
}
