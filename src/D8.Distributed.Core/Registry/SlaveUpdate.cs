namespace D8.Distributed.Core;

/// <summary>One change of a batch given to <see cref="ISlaveRegistry.UpdateAsync(IReadOnlyCollection{SlaveUpdate}, CancellationToken)"/>.</summary>
/// <param name="SlaveId">The slave to change.</param>
/// <param name="Change">
/// Computes the new snapshot from the slave as it is when the batch is applied (other writers' edits included);
/// returning its argument leaves the slave unchanged. It may run more than once if the registry retries.
/// </param>
public sealed record SlaveUpdate(string SlaveId, Func<SlaveInfo, SlaveInfo> Change);
