namespace D8.Distributed.Contracts;

/// <summary>A registered slave as the master API returns it (the fields of <c>d8-master slaves list --json</c>, and more).</summary>
public sealed record SlaveResponse
{
    /// <summary>Gets the slave id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the host name or IP address.</summary>
    public required string Host { get; init; }

    /// <summary>Gets the TCP port of the slave API.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Gets the status of the last health check: <c>unknown</c>, <c>healthy</c>, <c>version_mismatch</c>,
    /// <c>unhealthy</c> or <c>draining</c> (the slave itself refuses work while it shuts down).
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Gets whether the operator drained the slave: the master assigns it no new task until it is undrained.</summary>
    public bool Drained { get; init; }

    /// <summary>Gets whether the master talks HTTPS to the slave, its certificate pinned by <see cref="TlsFingerprint"/>.</summary>
    public bool Https { get; init; }

    /// <summary>Gets the pinned SHA-256 fingerprint of the slave's certificate (lowercase hex), when it uses HTTPS.</summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>Gets the git commit the slave reported.</summary>
    public string? Commit { get; init; }

    /// <summary>Gets the version string the slave reported.</summary>
    public string? Version { get; init; }

    /// <summary>Gets whether the slave's commit differs from the master's.</summary>
    public bool VersionMismatch { get; init; }

    /// <summary>Gets when the slave was registered.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>Gets when the slave last answered a health check.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Gets why the last health check failed, or the version mismatch.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the capabilities: those given at registration or in configuration, plus those the slave reports.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the number of tasks the slave reported running (an old slave reports none).</summary>
    public int? RunningTasks { get; init; }

    /// <summary>Gets how many tasks the slave runs at once (an old slave reports none).</summary>
    public int? MaxConcurrentTasks { get; init; }
}
