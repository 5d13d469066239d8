
namespace D8.Distributed.Core;

/// <summary>Runs tasks on slaves: picks one, executes, and fails over on transport failures.</summary>
public interface ITaskDispatcher
{
    /// <summary>
    /// Picks an eligible slave, executes the task there and returns its result. On a transport failure (refused,
    /// timeout, 5xx after retries, open circuit) the same <c>task_id</c> is sent to another eligible slave, at most
    /// <see cref="D8MasterOptions.MaxFailoverAttempts"/> times. A task that ran and failed is returned, not re-run.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the dispatch (the slave keeps running what it started).</param>
    /// <returns>The result from the slave that ran the task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The task has no command, an unknown method or a non-positive timeout.</exception>
    /// <exception cref="NoEligibleSlaveException">No slave can take the task; the message says why for each one.</exception>
    /// <exception cref="SlaveTransportException">Every slave tried failed in transport and the failover budget is spent.</exception>
    /// <exception cref="SlaveRequestException">The slave refused the request itself (bad token, bad request).</exception>
    Task<D8TaskResult> DispatchAsync(D8Task task, CancellationToken cancellationToken = default);
}
