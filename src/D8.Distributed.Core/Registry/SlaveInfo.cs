namespace D8.Distributed.Core;

/// <summary>
/// A snapshot of one registered slave: where it is, what it can do and how it was at its last health check.
/// Instances are immutable; the registry replaces them as things change.
/// </summary>
public sealed record SlaveInfo
{
    /// <summary>Gets the slave id, the key of <c>slaves/config.json</c> (for example <c>pc-1</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the host name or IP address of the slave.</summary>
    public required string Host { get; init; }

    /// <summary>Gets the TCP port of the slave API (7600 by default).</summary>
    public required int Port { get; init; }

    /// <summary>
    /// Gets whether the master talks HTTPS to this slave (<c>"https": true</c> in <c>slaves/config.json</c>). Such a
    /// slave is never called over plain HTTP, and its certificate is checked only against <see cref="TlsFingerprint"/>.
    /// </summary>
    public bool Https { get; init; }

    /// <summary>
    /// Gets the pinned SHA-256 fingerprint of the slave's TLS certificate (64 lowercase hex digits), persisted as
    /// <c>"tls_fingerprint"</c>; <see langword="null"/> for a plain-HTTP slave or one whose certificate was never learnt
    /// (then every call fails until <c>d8-master slaves trust &lt;id&gt;</c> learns it).
    /// </summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>Gets the status from the last health check.</summary>
    public SlaveStatus Status { get; init; } = SlaveStatus.Unknown;

    /// <summary>Gets how the slave was installed (<c>python</c>, <c>docker</c>, ...), as the old registry recorded it.</summary>
    public string? InstallMethod { get; init; }

    /// <summary>Gets when the slave was registered; <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>Gets when the slave last answered a health check; <see langword="null"/> for never.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Gets the git commit the slave reported; <see langword="null"/> when it never answered.</summary>
    public string? Commit { get; init; }

    /// <summary>Gets the version string the slave reported; <see langword="null"/> when it never answered.</summary>
    public string? Version { get; init; }

    /// <summary>Gets whether the slave's commit differs from the master's.</summary>
    public bool VersionMismatch { get; init; }

    /// <summary>Gets the capabilities and labels given at registration or in configuration (for example <c>gpu</c>).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>
    /// Gets the capabilities the slave reported in its last health answer: its <c>capabilities</c> list plus the names of
    /// the execution methods it has (<c>docker</c>, <c>venv</c>, <c>python</c>, <c>shell</c>).
    /// </summary>
    public IReadOnlyList<string> ReportedCapabilities { get; init; } = [];

    /// <summary>Gets the number of tasks the slave reported running; <see langword="null"/> for an old slave.</summary>
    public int? RunningTasks { get; init; }

    /// <summary>Gets how many tasks the slave runs at once; <see langword="null"/> for an old slave (no limit known).</summary>
    public int? MaxConcurrentTasks { get; init; }

    /// <summary>
    /// Gets whether the operator drained the slave (<c>slaves drain</c>, <c>POST /api/v1/slaves/{id}/drain</c>): the
    /// master assigns it no new task until it is undrained; tasks already running finish. Persisted as
    /// <c>"drained": true</c> in <c>slaves/config.json</c>; health checks never change it.
    /// </summary>
    public bool Drained { get; init; }

    /// <summary>Gets why the last health check failed, or the version mismatch; <see langword="null"/> when fine.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// Gets the base address of the slave API, for example <c>http://192.168.1.100:7600/</c>, or
    /// <c>https://vps.example.org:7600/</c> when <see cref="Https"/> is set.
    /// </summary>
    public Uri BaseAddress => new UriBuilder(Https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, Host, Port).Uri;

    /// <summary>Tells whether the slave has a capability, configured or reported (ordinal, case-insensitive).</summary>
    /// <param name="capability">The capability to look for, for example <c>docker</c>.</param>
    /// <returns><see langword="true"/> when the slave has it.</returns>
    public bool HasCapability(string capability) =>
        Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase)
        || ReportedCapabilities.Contains(capability, StringComparer.OrdinalIgnoreCase);
}
