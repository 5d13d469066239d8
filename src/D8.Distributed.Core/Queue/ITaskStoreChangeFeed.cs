namespace D8.Distributed.Core;

/// <summary>
/// An optional capability of an <see cref="ITaskStore"/> shared by several processes (the PostgreSQL store of several
/// masters): it tells this process about task writes made by the others, at once. The queue then wakes its dispatch
/// loop for a task queued elsewhere, completes its waiters for a task finished elsewhere, and (on the leader) asks the
/// slave to kill a running task cancelled elsewhere. Without it the queue still sees those writes, by polling the store
/// every <see cref="D8TaskQueueOptions.PollInterval"/>.
/// </summary>
public interface ITaskStoreChangeFeed
{
    /// <summary>
    /// Occurs after another process committed a write of a task (on a thread of the store's choosing; handlers return
    /// quickly). Writes made through this instance are not reported: the queue already knows them.
    /// </summary>
    event EventHandler<TaskStoreChangedEventArgs>? Changed;
}
