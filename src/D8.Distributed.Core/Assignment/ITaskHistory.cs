namespace D8.Distributed.Core;

/// <summary>
/// The master's bounded in-memory record of recently dispatched tasks (what the dashboard's tasks page shows). Holds at
/// most <see cref="D8MasterOptions.TaskHistoryCapacity"/> entries; the oldest are dropped first. Not persisted.
/// </summary>
public interface ITaskHistory
{
    /// <summary>Returns the recently dispatched tasks, newest first.</summary>
    /// <returns>A snapshot; later dispatches do not change it.</returns>
    IReadOnlyList<DispatchedTask> GetRecent();
}
