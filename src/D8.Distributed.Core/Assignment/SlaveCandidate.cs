
namespace D8.Distributed.Core;

/// <summary>An eligible slave offered to an <see cref="ISlaveSelector"/>.</summary>
/// <param name="Slave">The slave.</param>
/// <param name="Load">Tasks running on it now: the larger of what it last reported and what this master has in flight.</param>
/// <param name="AverageLatency">
/// The exponentially weighted average round-trip time of this task type on this slave; <see langword="null"/> before
/// the first sample.
/// </param>
public sealed record SlaveCandidate(SlaveInfo Slave, int Load, TimeSpan? AverageLatency);
