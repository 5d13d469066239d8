using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// <c>requests.json</c> in the old system's format, for <see cref="AtomicFile{T}"/>: parsing, the incremental writer
/// (each request's JSON is kept until the request is replaced) and the store's errors and log messages.
/// </summary>
internal sealed class RequestsFileFormat : AtomicFileFormat<HumanRequestStoreSnapshot>
{
    private readonly string _filePath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Requests are immutable, so each one's JSON can be kept until it is replaced: a write then serializes only
    // the requests that changed and copies the rest. Both fields are used under the file's write gate only.
    private readonly ConditionalWeakTable<HumanRequest, byte[]> _serialized = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public RequestsFileFormat(string filePath, TimeProvider timeProvider, ILogger logger)
    {
        _filePath = filePath;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override string Description => "The human requests file";

    public override HumanRequestStoreSnapshot Empty => HumanRequestStoreSnapshot.Empty;

    public override HumanRequestStoreSnapshot Parse(ReadOnlySpan<byte> bytes)
    {
        // A file saved by a Windows editor may start with a UTF-8 byte order mark, which the reader refuses.
        var json = bytes;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        var file = JsonSerializer.Deserialize(json, HumanRequestsJsonContext.Default.StoredRequestFile)
            ?? throw new FormatException("the file holds 'null'");
        return StoredRequestMapper.ToSnapshot(file, _timeProvider.LocalTimeZone);
    }

    /// <summary>
    /// Writes the file exactly as the serializer would (same names, order, escaping and indentation) from
    /// per-request pieces kept between writes; see <see cref="_serialized"/>.
    /// </summary>
    public override ReadOnlyMemory<byte> Serialize(HumanRequestStoreSnapshot content)
    {
        _buffer.ResetWrittenCount();
        Append("{\n  \"counter\": "u8);
        Append(Encoding.ASCII.GetBytes(content.Counter.ToString(CultureInfo.InvariantCulture)));
        Append(",\n  \"requests\": ["u8);
        var first = true;
        foreach (var request in content.Requests)
        {
            Append(first ? "\n    "u8 : ",\n    "u8);
            Append(_serialized.GetValue(request, SerializeRequest));
            first = false;
        }

        Append(first ? "]"u8 : "\n  ]"u8);
        AppendAlerts(content.Alerts);
        if (content.ExtensionData is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                Append(",\n  \""u8);
                Append(JsonEncodedText.Encode(name).EncodedUtf8Bytes);
                Append("\": "u8);
                Append(Indent(SerializeValue(value), 2));
            }
        }

        Append("\n}"u8);
        return _buffer.WrittenMemory;
    }

    public override Exception CreateError(string message, Exception? innerException) =>
        new HumanRequestStoreException(_filePath, message, innerException);

    public override void OnLoaded(HumanRequestStoreSnapshot content) =>
        Log.StoreLoaded(_logger, _filePath, content.Requests.Count, content.Counter);

    public override void OnOrphanTempFileRemoved(string path) => Log.OrphanTempFileRemoved(_logger, path);

    public override void OnTempFileNotDeleted(string path, Exception exception) => Log.TempFileNotDeleted(_logger, path, exception.Message);

    private void Append(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>The <c>alerts</c> array after <c>requests</c>, only when there are alerts (the old reader ignores it).</summary>
    private void AppendAlerts(IReadOnlyList<OwnerAlert> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        Append(",\n  \"alerts\": ["u8);
        for (var i = 0; i < alerts.Count; i++)
        {
            Append(i == 0 ? "\n    "u8 : ",\n    "u8);
            Append(Indent(JsonSerializer.SerializeToUtf8Bytes(OwnerAlertMapper.ToStored(alerts[i]), HumanRequestsJsonContext.Default.StoredOwnerAlert), 4));
        }

        Append("\n  ]"u8);
    }

    /// <summary>One request, indented for its place in the <c>requests</c> array (two levels deep).</summary>
    private static byte[] SerializeRequest(HumanRequest request) =>
        Indent(JsonSerializer.SerializeToUtf8Bytes(StoredRequestMapper.ToStored(request), HumanRequestsJsonContext.Default.StoredRequest), 4);

    private static byte[] SerializeValue(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2 }))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Indents every line but the first. JSON strings never hold a raw line break (it is escaped), so
    /// every <c>\n</c> is a line break of the layout.</summary>
    private static byte[] Indent(byte[] json, int spaces)
    {
        var lines = json.AsSpan().Count((byte)'\n');
        if (lines == 0)
        {
            return json;
        }

        var result = new byte[json.Length + (lines * spaces)];
        var target = 0;
        foreach (var b in json)
        {
            result[target++] = b;
            if (b == (byte)'\n')
            {
                result.AsSpan(target, spaces).Fill((byte)' ');
                target += spaces;
            }
        }

        return result;
    }
}
