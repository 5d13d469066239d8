namespace D8.Distributed.Core;

/// <summary>The role of a master among several (§11), as <c>/healthz</c> reports it.</summary>
public enum D8LeadershipRole
{
    /// <summary>The only master: no election, always the leader.</summary>
    Standalone,

    /// <summary>Holds the leader lease: runs the health monitor, the dispatch loop, the Telegram poller and the outbox.</summary>
    Leader,

    /// <summary>Another master leads: this one serves the API and the dashboard; its writes reach the leader through the shared stores.</summary>
    Follower,
}
