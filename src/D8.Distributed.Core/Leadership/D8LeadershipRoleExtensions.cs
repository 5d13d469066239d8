namespace D8.Distributed.Core;

/// <summary>Helpers for <see cref="D8LeadershipRole"/>.</summary>
public static class D8LeadershipRoleExtensions
{
    /// <summary>Whether the role runs the leader-only work (<see cref="D8LeadershipRole.Standalone"/> or <see cref="D8LeadershipRole.Leader"/>).</summary>
    /// <param name="role">The role.</param>
    /// <returns><see langword="true"/> for a single master or the leader.</returns>
    public static bool IsLeader(this D8LeadershipRole role) => role is D8LeadershipRole.Standalone or D8LeadershipRole.Leader;

    /// <summary>The wire name of the role (<c>leader</c> or <c>follower</c>; a single master is the leader).</summary>
    /// <param name="role">The role.</param>
    /// <returns><c>leader</c> or <c>follower</c>.</returns>
    public static string ToWireName(this D8LeadershipRole role) => role.IsLeader() ? "leader" : "follower";
}
