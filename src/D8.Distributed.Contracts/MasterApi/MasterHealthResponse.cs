namespace D8.Distributed.Contracts;

/// <summary>The body of <c>GET /healthz</c>: the master is serving.</summary>
public sealed record MasterHealthResponse
{
    /// <summary>Gets <c>ok</c> while the master serves.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the master's role among several masters: <c>leader</c> or <c>follower</c> (a single master is the leader).</summary>
    public required string Role { get; init; }

    /// <summary>Gets the master's version string.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the master's git commit.</summary>
    public required string Commit { get; init; }
}
