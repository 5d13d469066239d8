namespace D8.Distributed.Core;

/// <summary>What <see cref="ITaskStore.AddAsync"/> did.</summary>
public enum TaskStoreAddOutcome
{
    /// <summary>The task was added.</summary>
    Added = 0,

    /// <summary>A task with that id was stored already; nothing changed.</summary>
    Existing,

    /// <summary>The queue holds its maximum of queued tasks; nothing was added.</summary>
    Full,
}
