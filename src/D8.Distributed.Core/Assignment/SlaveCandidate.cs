namespace D8.Distributed.Core;

/// <summary>An eligible slave offered to an <see cref="ISlaveSelector"/>.</summary>
/// <param name="Slave">The slave.</param>
/// <param name="Load">Tasks running on it now: the larger of what it last reported and what this master has in flight.</param>
/// <param name="AverageLatency">
/// The exponentially weighted average round-trip time of this task type on this slave; <see langword="null"/> before
/// the first sample.
/// </param>
public sealed record SlaveCandidate(SlaveInfo Slave, int Load, TimeSpan? AverageLatency)
{
    /// <summary>
    /// Gets how many more tasks the slave takes now (<see cref="int.MaxValue"/> when it declares no limit). Always
    /// above 0 unless the selector asked for busy slaves too (<see cref="ISlaveSelector.ConsidersBusySlaves"/>):
    /// choosing a busy slave makes the task wait for it.
    /// </summary>
    public int FreeSlots { get; init; } = int.MaxValue;

    /// <summary>Gets the predicted run time of this task on this slave (learnt from history, or a prior); <see langword="null"/> with no history at all.</summary>
    public TimeSpan? PredictedDuration { get; init; }

    /// <summary>
    /// Gets when, from now, the task is predicted to finish on this slave: the wait for a slot (its running and
    /// already planned work spread over its slots) plus <see cref="PredictedDuration"/>.
    /// </summary>
    public TimeSpan? PredictedFinish { get; init; }

    /// <summary>Gets how many finished runs of this task type on this slave the prediction rests on (0: a prior).</summary>
    public int Samples { get; init; }
}
