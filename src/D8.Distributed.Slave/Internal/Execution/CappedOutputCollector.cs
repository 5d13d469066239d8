using System.Buffers;
using System.Text;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Reads a child's output stream to its end, keeping at most a fixed number of bytes. Reading goes on past the cap
/// (the bytes are dropped) so the child never blocks on a full pipe.
/// </summary>
internal sealed class CappedOutputCollector(int capBytes)
{
    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _kept = new();
    private bool _truncated;

    public async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            var room = capBytes - _kept.WrittenCount;
            if (data.Length > room)
            {
                _truncated = true;
                data = data[..Math.Max(room, 0)];
            }

            _kept.Write(data);
        }
    }

    /// <summary>Returns the text kept so far (UTF-8) and whether anything was dropped.</summary>
    public (string Text, bool Truncated) Snapshot()
    {
        lock (_lock)
        {
            var bytes = _kept.WrittenSpan;
            if (_truncated)
            {
                bytes = bytes[..CompleteUtf8Length(bytes)];
            }

            return (Encoding.UTF8.GetString(bytes), _truncated);
        }
    }

    /// <summary>The length of <paramref name="bytes"/> without a multi-byte character the cap cut in half.</summary>
    internal static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        // Walk back over at most three continuation bytes to the lead byte of the last character.
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0b1100_0000) == 0b1000_0000)
            {
                continue;
            }

            var needed = b switch
            {
                < 0x80 => 1,
                >= 0xF0 => 4,
                >= 0xE0 => 3,
                >= 0xC0 => 2,
                _ => 1,
            };
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}
