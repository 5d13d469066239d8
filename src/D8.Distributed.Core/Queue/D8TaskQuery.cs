namespace D8.Distributed.Core;

/// <summary>A page request over the stored tasks: newest first, optionally of some statuses only.</summary>
public sealed record D8TaskQuery
{
    /// <summary>The largest <see cref="Limit"/> accepted.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Gets the statuses to return; empty for all.</summary>
    public IReadOnlyList<D8TaskStatus> Statuses { get; init; } = [];

    /// <summary>Gets the page size, 1–<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>
    /// Gets the cursor: only tasks whose <see cref="D8TaskInfo.Sequence"/> is below it (the previous page's
    /// <see cref="D8TaskPage.NextBefore"/>); <see langword="null"/> for the newest.
    /// </summary>
    public long? Before { get; init; }
}
