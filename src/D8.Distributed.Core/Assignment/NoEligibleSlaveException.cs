namespace D8.Distributed.Core;

/// <summary>No slave can take a task. <see cref="Exclusions"/> (and the message) say why each slave was excluded.</summary>
public sealed class NoEligibleSlaveException : InvalidOperationException
{
    /// <summary>Initializes a new instance with no message.</summary>
    public NoEligibleSlaveException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NoEligibleSlaveException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error (the last transport failure, after failovers).</param>
    public NoEligibleSlaveException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a task.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="exclusions">Why each slave was excluded, keyed by slave id.</param>
    /// <param name="innerException">The last transport failure, when slaves were tried.</param>
    public NoEligibleSlaveException(string taskId, IReadOnlyDictionary<string, string> exclusions, Exception? innerException)
        : base(Describe(taskId, exclusions), innerException)
    {
        TaskId = taskId;
        Exclusions = exclusions;
    }

    /// <summary>Gets the id of the task that found no slave.</summary>
    public string? TaskId { get; }

    /// <summary>Gets why each slave was excluded, keyed by slave id.</summary>
    public IReadOnlyDictionary<string, string> Exclusions { get; } = new Dictionary<string, string>();

    private static string Describe(string taskId, IReadOnlyDictionary<string, string> exclusions)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        return exclusions.Count == 0
            ? $"No eligible slave for task '{taskId}': no slaves are registered."
            : $"No eligible slave for task '{taskId}': " + string.Join("; ", exclusions.Select(pair => $"{pair.Key}: {pair.Value}")) + ".";
    }
}
