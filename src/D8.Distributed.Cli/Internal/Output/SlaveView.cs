using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>A slave as the CLI prints it with --json, the same from the master API and from the registry file.</summary>
internal sealed record SlaveView(
    string Id,
    string Host,
    int Port,
    string Status,
    bool Drained,
    string? Commit,
    string? Version,
    DateTimeOffset? LastSeen,
    string? LastError,
    IReadOnlyList<string> Capabilities,
    bool Https = false,
    string? TlsFingerprint = null)
{
    public static SlaveView From(SlaveInfo slave)
    {
        ArgumentNullException.ThrowIfNull(slave);
        return new SlaveView(
            slave.Id,
            slave.Host,
            slave.Port,
            Names.Of(slave.Status),
            slave.Drained,
            slave.Commit,
            slave.Version,
            slave.LastSeen,
            slave.LastError,
            [.. slave.Capabilities.Concat(slave.ReportedCapabilities).Distinct(StringComparer.OrdinalIgnoreCase)],
            slave.Https,
            slave.TlsFingerprint);
    }

    public static SlaveView From(SlaveResponse slave)
    {
        ArgumentNullException.ThrowIfNull(slave);
        return new SlaveView(
            slave.Id, slave.Host, slave.Port, slave.Status, slave.Drained, slave.Commit, slave.Version, slave.LastSeen, slave.LastError, slave.Capabilities,
            slave.Https,
            slave.TlsFingerprint);
    }
}
