using System.Collections.Immutable;

namespace D8.Distributed.Core.Internal;

/// <summary>How the registry is composed from the file, the configuration and this process's measurements.</summary>
internal sealed partial class FileSlaveRegistry
{
    private State Compose(
        RegistryDocument document,
        ImmutableDictionary<string, SlaveInfo> probed,
        ImmutableHashSet<string> dropped,
        State? previous)
    {
        var zone = _timeProvider.LocalTimeZone;
        var slaves = ImmutableDictionary.CreateBuilder<string, SlaveInfo>(StringComparer.Ordinal);
        foreach (var id in document.Order)
        {
            var slave = FromEntry(id, document.Entries[id], zone);
            if (!dropped.Contains(id) && _configured.TryGetValue(id, out var configured))
            {
                // Configuration wins for where the slave is and what it is labelled with; the file keeps its history.
                slave = slave with { Host = configured.Host, Port = configured.Port, Capabilities = [.. configured.Capabilities] };
                if (configured.Https)
                {
                    // A pin in configuration wins; without one, the pin `slaves trust` stored in the file is used.
                    slave = slave with { Https = true, TlsFingerprint = Pin(configured) ?? slave.TlsFingerprint };
                }
            }

            slaves[id] = slave;
        }

        foreach (var (id, configured) in _configured)
        {
            if (dropped.Contains(id) || slaves.ContainsKey(id))
            {
                continue;
            }

            slaves[id] = new SlaveInfo
            {
                Id = id,
                Host = configured.Host,
                Port = configured.Port,
                Capabilities = [.. configured.Capabilities],
                RegisteredAt = previous?.Slaves.GetValueOrDefault(id)?.RegisteredAt ?? _timeProvider.GetUtcNow(),
                Https = configured.Https,
                TlsFingerprint = configured.Https ? Pin(configured) : null,
            };
        }

        // This process's own measurements win over the file's copy of them (another writer's copy is older than the
        // next sweep anyway), and what the file does not hold comes only from them. A slave that is gone or moved
        // loses them: its health must be measured again.
        var kept = ImmutableDictionary.CreateBuilder<string, SlaveInfo>(StringComparer.Ordinal);
        foreach (var (id, measured) in probed)
        {
            if (slaves.TryGetValue(id, out var slave) && SameAddress(slave, measured))
            {
                slaves[id] = slave with
                {
                    Status = measured.Status,
                    LastSeen = measured.LastSeen,
                    Commit = measured.Commit,
                    Version = measured.Version,
                    VersionMismatch = measured.VersionMismatch,
                    ReportedCapabilities = measured.ReportedCapabilities,
                    RunningTasks = measured.RunningTasks,
                    MaxConcurrentTasks = measured.MaxConcurrentTasks,
                    LastError = measured.LastError,
                };
                kept[id] = measured;
            }
        }

        var all = slaves.ToImmutable();
        return new State(document, all, [.. all.Values.OrderBy(slave => slave.Id, StringComparer.Ordinal)], kept.ToImmutable(), dropped);
    }

    /// <summary>Slaves from configuration are persisted too, the first time the file is written after they appear.</summary>
    private RegistryDocument WithConfiguredSlaves(RegistryDocument document, State view, ImmutableHashSet<string> dropped)
    {
        var zone = _timeProvider.LocalTimeZone;
        foreach (var id in _configured.Keys)
        {
            if (!dropped.Contains(id) && document.Find(id) is null && view.Slaves.TryGetValue(id, out var slave))
            {
                document = document.Set(id, ToEntry(slave, null, zone));
            }
        }

        return document;
    }

    private Applied Apply(RegistryDocument document, State view, IReadOnlyCollection<SlaveUpdate> updates)
    {
        var zone = _timeProvider.LocalTimeZone;
        var probed = view.Probed;
        var latest = new Dictionary<string, SlaveInfo>(StringComparer.Ordinal);
        var changes = new List<(SlaveInfo Before, SlaveInfo After)>();
        foreach (var update in updates)
        {
            if (!latest.TryGetValue(update.SlaveId, out var before) && !view.Slaves.TryGetValue(update.SlaveId, out before))
            {
                continue; // Removed by someone else meanwhile: never brought back.
            }

            var after = update.Change(before) ?? throw new InvalidOperationException($"The update of slave '{update.SlaveId}' returned null.");
            if (ReferenceEquals(after, before))
            {
                continue;
            }

            after = after with { Id = before.Id, Host = before.Host, Port = before.Port };
            document = document.Set(after.Id, ToEntry(after, document.Find(after.Id), zone));
            probed = probed.SetItem(after.Id, after);
            latest[after.Id] = after;
            changes.Add((before, after));
        }

        return new Applied(document, probed, changes, latest);
    }

    private static string? Pin(D8SlaveEndpointOptions configured) =>
        SlaveTlsFingerprint.TryNormalize(configured.TlsFingerprint, out var pin) ? pin : null;

    private static SlaveInfo FromEntry(string id, SlaveFileEntry entry, TimeZoneInfo zone) => new()
    {
        Id = id,
        Host = entry.Host,
        Port = entry.Port,
        Status = SlaveStatusNames.Parse(entry.Status),
        InstallMethod = entry.InstallMethod,
        RegisteredAt = PythonTimestamp.Parse(entry.RegisteredAt, zone),
        LastSeen = PythonTimestamp.Parse(entry.LastSeen, zone),
        Commit = entry.Commit,
        VersionMismatch = entry.VersionMismatch ?? false,
        Capabilities = entry.Capabilities is null ? [] : [.. entry.Capabilities],
        Drained = entry.Drained ?? false,
        Https = entry.Https ?? false,
        TlsFingerprint = SlaveTlsFingerprint.TryNormalize(entry.TlsFingerprint, out var pinned) ? pinned : null,
    };

    /// <summary>
    /// The slave as a file entry, merged onto the entry the file holds now: fields this version does not know are
    /// kept, and so is the text of every field whose value did not change (an old timestamp is not reformatted).
    /// </summary>
    private static SlaveFileEntry ToEntry(SlaveInfo slave, SlaveFileEntry? existing, TimeZoneInfo zone) => (existing ?? new SlaveFileEntry()) with
    {
        Host = slave.Host,
        Port = slave.Port,
        Status = existing is not null && SlaveStatusNames.Parse(existing.Status) == slave.Status ? existing.Status : SlaveStatusNames.ToName(slave.Status),
        InstallMethod = slave.InstallMethod,
        RegisteredAt = existing is not null && PythonTimestamp.Parse(existing.RegisteredAt, zone) == slave.RegisteredAt
            ? existing.RegisteredAt
            : slave.RegisteredAt is null ? null : PythonTimestamp.Format(slave.RegisteredAt, zone),
        LastSeen = existing is not null && existing.LastSeen is not null && PythonTimestamp.Parse(existing.LastSeen, zone) == slave.LastSeen
            ? existing.LastSeen
            : PythonTimestamp.Format(slave.LastSeen, zone),
        Commit = slave.Commit,

        // The old registry writes version_mismatch only once it knows the slave's commit.
        VersionMismatch = slave.Commit is null ? existing?.VersionMismatch : slave.VersionMismatch,
        Capabilities = slave.Capabilities.Count == 0 ? (existing?.Capabilities is { Count: 0 } ? existing.Capabilities : null) : [.. slave.Capabilities],

        // Only while drained: an undrained slave's entry looks as the old registry wrote it.
        Drained = slave.Drained ? true : null,

        // Likewise only for an HTTPS slave: a plain-HTTP entry keeps the old shape.
        Https = slave.Https ? true : null,
        TlsFingerprint = slave.Https ? slave.TlsFingerprint : null,
    };

    /// <summary>The outcome of a batch of updates, before it is written.</summary>
    private sealed class Applied(
        RegistryDocument document,
        ImmutableDictionary<string, SlaveInfo> probed,
        List<(SlaveInfo Before, SlaveInfo After)> changes,
        Dictionary<string, SlaveInfo> latest)
    {
        public RegistryDocument Document { get; } = document;

        public ImmutableDictionary<string, SlaveInfo> Probed { get; } = probed;

        /// <summary>Each change with its final snapshot as the registry holds it (intermediate ones as computed).</summary>
        public IReadOnlyList<SlaveChange> Changes(State state) =>
        [
            .. changes.Select(change => new SlaveChange(
                change.Before,
                ReferenceEquals(latest[change.After.Id], change.After) ? state.Slaves.GetValueOrDefault(change.After.Id) ?? change.After : change.After)),
        ];
    }
}
