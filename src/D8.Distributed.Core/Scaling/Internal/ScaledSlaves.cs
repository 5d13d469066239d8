using System.Text.Json;
using System.Text.Json.Serialization;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The slaves the auto-scaler started, kept in <c>&lt;data dir&gt;/autoscaler.json</c> (written before a started
/// slave is registered, removed after it is stopped), so that after a restart the scaler still removes its own slaves
/// and never one of the owner's.
/// </summary>
internal sealed class ScaledSlaves(string path)
{
    private readonly Lock _gate = new();
    private List<ScaledSlave> _slaves = [];

    public string Path { get; } = path;

    public IReadOnlyList<ScaledSlave> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _slaves];
            }
        }
    }

    public void Load()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        try
        {
            var loaded = JsonSerializer.Deserialize(File.ReadAllBytes(Path), ScaledSlavesJsonContext.Default.ListScaledSlave) ?? [];
            lock (_gate)
            {
                _slaves = loaded;
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The auto-scaler's list of started slaves, {Path}, is not valid JSON: {ex.Message}", ex);
        }
    }

    public void Add(ScaledSlave slave)
    {
        lock (_gate)
        {
            _slaves = [.. _slaves.Where(s => s.SlaveId != slave.SlaveId), slave];
            Save();
        }
    }

    public void Remove(string slaveId)
    {
        lock (_gate)
        {
            _slaves = [.. _slaves.Where(s => s.SlaveId != slaveId)];
            Save();
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _slaves, ScaledSlavesJsonContext.Default.ListScaledSlave);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }
}

/// <summary>One slave the scaler started.</summary>
internal sealed record ScaledSlave(string SlaveId, string Provisioner, string Host, int Port, string Reference, DateTimeOffset StartedAt)
{
    public ProvisionedSlave ToProvisioned() => new(SlaveId, Host, Port, Reference);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<ScaledSlave>))]
internal sealed partial class ScaledSlavesJsonContext : JsonSerializerContext;
