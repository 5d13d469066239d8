using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// One value of <c>slaves/config.json</c> in the old Python format. Fields this version does not know are kept in
/// <see cref="Extra"/> and written back unchanged. Treated as immutable once read: a change is a copy (<c>with</c>).
/// </summary>
internal sealed record SlaveFileEntry
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = SlaveRegistration.DefaultPort;

    public string Status { get; set; } = "unknown";

    public string? InstallMethod { get; set; }

    public string? RegisteredAt { get; set; }

    public string? LastSeen { get; set; }

    public string? Commit { get; set; }

    public bool? VersionMismatch { get; set; }

    public List<string>? Capabilities { get; set; }

    /// <summary>Ours: drained by the operator (no new tasks). Written only while true; the old reader ignores it.</summary>
    public bool? Drained { get; set; }

    /// <summary>Ours: the master talks HTTPS to the slave. Written only while true; the old reader ignores it.</summary>
    public bool? Https { get; set; }

    /// <summary>Ours: the pinned SHA-256 fingerprint of the slave's certificate (lowercase hex). Written only when known.</summary>
    public string? TlsFingerprint { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
