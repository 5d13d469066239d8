namespace D8.Distributed.Core;

/// <summary>The queue holds <see cref="D8TaskQueueOptions.MaxQueuedTasks"/> tasks already: try again later.</summary>
public sealed class TaskQueueFullException : Exception
{
    /// <summary>Initializes a new instance with the queue's bound and a suggested wait.</summary>
    /// <param name="capacity">How many queued tasks the queue holds at most.</param>
    /// <param name="retryAfter">How long to wait before trying again.</param>
    public TaskQueueFullException(int capacity, TimeSpan retryAfter)
        : base($"The task queue is full: {capacity} tasks are waiting (D8:Master:Queue:MaxQueuedTasks); try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.")
    {
        Capacity = capacity;
        RetryAfter = retryAfter;
    }

    /// <summary>Initializes a new instance.</summary>
    public TaskQueueFullException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public TaskQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TaskQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the queue's bound.</summary>
    public int Capacity { get; }

    /// <summary>Gets how long to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);
}
