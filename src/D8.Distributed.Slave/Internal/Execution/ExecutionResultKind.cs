namespace D8.Distributed.Slave.Internal;

/// <summary>How an execute request ended, as the executor sees it (the HTTP layer chooses the status code).</summary>
internal enum ExecutionResultKind
{
    /// <summary>The task ran (successfully or not, timed out, killed); the result has the task's response.</summary>
    Completed,

    /// <summary>The request is invalid (no command, an unknown or unavailable method, a bad field); the message names the field.</summary>
    Refused,

    /// <summary>Every slot is taken and the queue is full; nothing ran, a retry later may run it.</summary>
    Busy,

    /// <summary>The slave is shutting down and takes no new task (or a queued one never got to run); nothing ran.</summary>
    Draining,

    /// <summary>A resume-only request named a task the slave does not know (never seen, or its result expired); nothing ran.</summary>
    UnknownTask,
}
