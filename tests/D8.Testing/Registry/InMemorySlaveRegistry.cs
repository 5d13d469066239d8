using System.Collections.Immutable;
using D8.Distributed.Core;

namespace D8.Testing.Registry;

/// <summary>
/// A registry a user could write (no file at all), to prove that whatever <see cref="ISlaveRegistry"/> is registered
/// before <c>AddD8Master()</c> is the one the monitor, the dispatcher, the metrics and the dashboard use.
/// </summary>
public sealed class InMemorySlaveRegistry : ISlaveRegistry
{
    private readonly Lock _lock = new();
    private ImmutableDictionary<string, SlaveInfo> _slaves = ImmutableDictionary.Create<string, SlaveInfo>(StringComparer.Ordinal);

    public event EventHandler<SlaveRegistryChangedEventArgs>? Changed;

    public int Updates { get; private set; }

    public int Refreshes { get; private set; }

    public IReadOnlyList<SlaveInfo> GetAll() => [.. _slaves.Values.OrderBy(slave => slave.Id, StringComparer.Ordinal)];

    public SlaveInfo? Find(string slaveId) => _slaves.GetValueOrDefault(slaveId);

    public ValueTask<SlaveInfo> RegisterAsync(SlaveRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var slave = registration.ToSlaveInfo(DateTimeOffset.UtcNow);
        lock (_lock)
        {
            if (_slaves.ContainsKey(slave.Id))
            {
                throw new InvalidOperationException($"A slave with id '{slave.Id}' is already registered.");
            }

            _slaves = _slaves.Add(slave.Id, slave);
        }

        Changed?.Invoke(this, new SlaveRegistryChangedEventArgs([slave.Id], [], []));
        return ValueTask.FromResult(slave);
    }

    public ValueTask<bool> UnregisterAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        bool removed;
        lock (_lock)
        {
            removed = _slaves.ContainsKey(slaveId);
            _slaves = _slaves.Remove(slaveId);
        }

        if (removed)
        {
            Changed?.Invoke(this, new SlaveRegistryChangedEventArgs([], [slaveId], []));
        }

        return ValueTask.FromResult(removed);
    }

    public async ValueTask<SlaveChange?> UpdateAsync(string slaveId, Func<SlaveInfo, SlaveInfo> change, CancellationToken cancellationToken = default)
    {
        var changes = await UpdateAsync([new SlaveUpdate(slaveId, change)], cancellationToken);
        return changes.Count == 0 ? null : changes[^1];
    }

    public ValueTask<IReadOnlyList<SlaveChange>> UpdateAsync(IReadOnlyCollection<SlaveUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var changes = new List<SlaveChange>();
        lock (_lock)
        {
            Updates++;
            foreach (var update in updates)
            {
                ArgumentNullException.ThrowIfNull(update);
                if (!_slaves.TryGetValue(update.SlaveId, out var before))
                {
                    continue;
                }

                var after = update.Change(before);
                if (ReferenceEquals(after, before))
                {
                    continue;
                }

                after = after with { Id = before.Id, Host = before.Host, Port = before.Port };
                _slaves = _slaves.SetItem(after.Id, after);
                changes.Add(new SlaveChange(before, after));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<SlaveChange>>(changes);
    }

    public ValueTask RefreshAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Refreshes++;
        }

        return ValueTask.CompletedTask;
    }
}
