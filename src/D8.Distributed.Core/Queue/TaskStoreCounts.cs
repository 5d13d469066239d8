namespace D8.Distributed.Core;

/// <summary>The answer of <see cref="ITaskStore.CountAsync"/>.</summary>
/// <param name="ByStatus">How many tasks the store holds per status (statuses with none may be missing).</param>
/// <param name="FinishedSince">How many reached a final state at or after the time asked for.</param>
public sealed record TaskStoreCounts(IReadOnlyDictionary<D8TaskStatus, int> ByStatus, int FinishedSince)
{
    /// <summary>Returns the count of one status (0 when missing).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public int Of(D8TaskStatus status) => ByStatus.TryGetValue(status, out var count) ? count : 0;
}
