namespace D8.Distributed.Contracts;

/// <summary>
/// The body of <c>GET /healthz</c>: the master is serving (always HTTP 200 while it answers). <see cref="Store"/> says
/// whether its stores can be used; when they cannot (a PostgreSQL database that is down or unreachable, an unreadable
/// file) <see cref="Status"/> is <c>degraded</c> and <see cref="StoreError"/> says why.
/// </summary>
public sealed record MasterHealthResponse
{
    /// <summary>Gets <c>ok</c> while the master serves, <c>degraded</c> while its store cannot be used.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the master's role among several masters: <c>leader</c> or <c>follower</c> (a single master is the leader).</summary>
    public required string Role { get; init; }

    /// <summary>Gets the master's version string.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the master's git commit.</summary>
    public required string Commit { get; init; }

    /// <summary>Gets <c>ok</c> when the master's task store answered, <c>unavailable</c> when it could not be used.</summary>
    public string Store { get; init; } = "ok";

    /// <summary>Gets why the store cannot be used (it names where the store lives), or <see langword="null"/> when it can.</summary>
    public string? StoreError { get; init; }
}
