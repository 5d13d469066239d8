namespace D8.Distributed.Contracts;

/// <summary>
/// The body of <c>GET /api/health</c>. The first seven members are the old Python slave's fields, with the same
/// names and types; the rest are ours and are optional when reading a response from an old slave.
/// </summary>
public sealed record HealthResponse
{
    /// <summary>Gets <c>healthy</c>, or <c>draining</c> while the slave refuses new work.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the slave's Python version line (<c>sys.version</c>), or <c>unavailable</c>.</summary>
    public string PythonVersion { get; init; } = "unavailable";

    /// <summary>Gets which execution methods the slave has.</summary>
    public ExecutionMethods ExecutionMethods { get; init; } = new(false, false, false);

    /// <summary>Gets the slave's version string.</summary>
    public string Version { get; init; } = D8VersionInfo.UnknownValue;

    /// <summary>Gets the slave's git commit.</summary>
    public string Commit { get; init; } = D8VersionInfo.UnknownValue;

    /// <summary>Gets the slave's git branch.</summary>
    public string Branch { get; init; } = D8VersionInfo.UnknownValue;

    /// <summary>Gets the slave machine's host name.</summary>
    public string? Hostname { get; init; }

    /// <summary>Gets a description of the slave's operating system.</summary>
    public string? Os { get; init; }

    /// <summary>Gets the slave machine's logical processor count.</summary>
    public int? CpuCount { get; init; }

    /// <summary>Gets the number of tasks running now.</summary>
    public int? RunningTasks { get; init; }

    /// <summary>Gets the number of tasks the slave runs at once.</summary>
    public int? MaxConcurrentTasks { get; init; }

    /// <summary>Gets the number of tasks waiting for a free slot.</summary>
    public int? QueuedTasks { get; init; }

    /// <summary>Gets the slave's capabilities and labels (for example <c>docker</c>, <c>gpu</c>).</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>Gets how long the slave has been running, in seconds.</summary>
    public double? UptimeSeconds { get; init; }
}
