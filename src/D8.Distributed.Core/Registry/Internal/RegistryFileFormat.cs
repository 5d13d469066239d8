using System.Text.Json;
using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary><c>slaves/config.json</c> in the old Python format, for <see cref="AtomicFile{T}"/>.</summary>
internal sealed class RegistryFileFormat : AtomicFileFormat<RegistryDocument>
{
    private readonly string _filePath;
    private readonly ILogger _logger;

    public RegistryFileFormat(string filePath, ILogger logger)
    {
        _filePath = filePath;
        _logger = logger;
    }

    public override string Description => "The slave registry";

    public override RegistryDocument Empty => RegistryDocument.Empty;

    public override RegistryDocument Parse(ReadOnlySpan<byte> bytes)
    {
        // A file saved by a Windows editor may start with a UTF-8 byte order mark, which the reader refuses.
        var json = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        Dictionary<string, SlaveFileEntry>? file;
        try
        {
            file = JsonSerializer.Deserialize(json, SlaveRegistryJsonContext.Default.DictionaryStringSlaveFileEntry);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"expected a JSON object keyed by slave id: {ex.Message}", ex);
        }

        if (file is null)
        {
            throw new FormatException("the file holds null; it must be a JSON object keyed by slave id");
        }

        foreach (var (id, entry) in file)
        {
            if (entry is null || string.IsNullOrWhiteSpace(entry.Host))
            {
                throw new FormatException($"the entry '{id}' has no host");
            }

            if (entry.Port is < 1 or > 65535)
            {
                throw new FormatException($"the entry '{id}' has port {entry.Port}, which is not a TCP port (1-65535)");
            }
        }

        return RegistryDocument.From(file);
    }

    public override ReadOnlyMemory<byte> Serialize(RegistryDocument content) =>
        JsonSerializer.SerializeToUtf8Bytes(content.ToDictionary(), SlaveRegistryJsonContext.Default.DictionaryStringSlaveFileEntry);

    public override Exception CreateError(string message, Exception? innerException) =>
        new SlaveRegistryException(_filePath, message, innerException);

    public override void OnLoaded(RegistryDocument content) => Log.RegistryLoaded(_logger, _filePath, content.Order.Count);

    public override void OnOrphanTempFileRemoved(string path) => Log.RegistryOrphanTempFileRemoved(_logger, path);

    public override void OnTempFileNotDeleted(string path, Exception exception) => Log.RegistryTempFileNotDeleted(_logger, path, exception.Message);
}
