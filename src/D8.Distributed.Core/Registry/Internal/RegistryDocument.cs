using System.Collections.Immutable;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The content of <c>slaves/config.json</c>: the entries in file order (new ones are appended, as Python's dict does).
/// Immutable; entries are replaced, never changed in place.
/// </summary>
internal sealed class RegistryDocument
{
    private RegistryDocument(ImmutableList<string> order, ImmutableDictionary<string, SlaveFileEntry> entries)
    {
        Order = order;
        Entries = entries;
    }

    public static RegistryDocument Empty { get; } = new([], ImmutableDictionary.Create<string, SlaveFileEntry>(StringComparer.Ordinal));

    /// <summary>The ids in file order.</summary>
    public ImmutableList<string> Order { get; }

    public ImmutableDictionary<string, SlaveFileEntry> Entries { get; }

    public static RegistryDocument From(IEnumerable<KeyValuePair<string, SlaveFileEntry>> entries)
    {
        var order = ImmutableList.CreateBuilder<string>();
        var map = ImmutableDictionary.CreateBuilder<string, SlaveFileEntry>(StringComparer.Ordinal);
        foreach (var (id, entry) in entries)
        {
            if (map.TryAdd(id, entry))
            {
                order.Add(id);
            }
        }

        return new RegistryDocument(order.ToImmutable(), map.ToImmutable());
    }

    public SlaveFileEntry? Find(string id) => Entries.GetValueOrDefault(id);

    /// <summary>Replaces the entry of <paramref name="id"/>, or appends it.</summary>
    public RegistryDocument Set(string id, SlaveFileEntry entry) =>
        new(Entries.ContainsKey(id) ? Order : Order.Add(id), Entries.SetItem(id, entry));

    public RegistryDocument Remove(string id) =>
        Entries.ContainsKey(id) ? new(Order.Remove(id, StringComparer.Ordinal), Entries.Remove(id)) : this;

    /// <summary>The entries in file order, for the serializer.</summary>
    public Dictionary<string, SlaveFileEntry> ToDictionary()
    {
        var result = new Dictionary<string, SlaveFileEntry>(Order.Count, StringComparer.Ordinal);
        foreach (var id in Order)
        {
            result[id] = Entries[id];
        }

        return result;
    }
}
