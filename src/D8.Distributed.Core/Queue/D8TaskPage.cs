namespace D8.Distributed.Core;

/// <summary>One page of stored tasks, newest first.</summary>
/// <param name="Tasks">The tasks of the page.</param>
/// <param name="NextBefore">The <see cref="D8TaskQuery.Before"/> of the next page; <see langword="null"/> on the last page.</param>
public sealed record D8TaskPage(IReadOnlyList<D8TaskInfo> Tasks, long? NextBefore);
