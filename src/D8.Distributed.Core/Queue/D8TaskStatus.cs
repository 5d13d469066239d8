namespace D8.Distributed.Core;

/// <summary>
/// Where a queued task stands: <see cref="Queued"/> → <see cref="Running"/> → one of the final states. On the wire and in
/// the stores the snake_case names of <see cref="D8TaskStatusNames"/> are used (<c>timed_out</c>).
/// </summary>
public enum D8TaskStatus
{
    /// <summary>Stored and waiting for a slave with capacity.</summary>
    Queued = 0,

    /// <summary>Sent to a slave; the master waits for its answer.</summary>
    Running,

    /// <summary>Ran and exited with code 0 within its time limit.</summary>
    Succeeded,

    /// <summary>Ran and failed (non-zero exit), or could not be run (refused by the slave, every slave failed in transport).</summary>
    Failed,

    /// <summary>Ran past its time limit; the slave killed its process tree.</summary>
    TimedOut,

    /// <summary>Cancelled by a user: removed from the queue, or killed on its slave.</summary>
    Cancelled,

    /// <summary>Was running when the master stopped, and its slave no longer knows it (the reason is stored).</summary>
    Lost,
}
