namespace D8.Distributed.Core;

/// <summary>The answer of <see cref="ITaskStore.AddAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Task">The stored record (the new one, or the one already stored); <see langword="null"/> when the queue was full.</param>
public sealed record TaskStoreAddResult(TaskStoreAddOutcome Outcome, D8TaskInfo? Task);
