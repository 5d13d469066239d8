namespace D8.Distributed.Core;

/// <summary>Which built-in rule places queued tasks on slaves (<c>D8:Master:SlaveSelection</c>); a registered <see cref="ISlaveSelector"/> replaces both.</summary>
public enum D8SlaveSelection
{
    /// <summary>
    /// The default: the slave where the task is predicted to finish first — its queued and running work plus the
    /// predicted run time of this task type there, learnt from the task history — so a task may wait for a much
    /// faster slave rather than start on a slow free one. Slaves with few samples are tried now and then
    /// (<see cref="D8MasterOptions.ExplorationRate"/>).
    /// </summary>
    EarliestFinish,

    /// <summary>The rule before learning: the least loaded free slave, then the best recent latency, then round-robin.</summary>
    LeastLoaded,
}
