using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>A slave as the CLI prints it with --json.</summary>
internal sealed record SlaveView(
    string Id,
    string Host,
    int Port,
    string Status,
    string? Commit,
    string? Version,
    DateTimeOffset? LastSeen,
    string? LastError,
    IReadOnlyList<string> Capabilities)
{
    public static SlaveView From(SlaveInfo slave)
    {
        ArgumentNullException.ThrowIfNull(slave);
        return new SlaveView(
            slave.Id,
            slave.Host,
            slave.Port,
            Names.Of(slave.Status),
            slave.Commit,
            slave.Version,
            slave.LastSeen,
            slave.LastError,
            [.. slave.Capabilities.Concat(slave.ReportedCapabilities).Distinct(StringComparer.OrdinalIgnoreCase)]);
    }
}
