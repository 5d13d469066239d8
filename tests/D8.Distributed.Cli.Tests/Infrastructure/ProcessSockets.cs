using System.Globalization;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>
/// The ports a process has open, read from Linux's <c>/proc</c>: its socket inodes (<c>/proc/&lt;pid&gt;/fd</c>) matched
/// against the TCP sockets in the LISTEN state and every UDP socket of <c>/proc/&lt;pid&gt;/net/{tcp,tcp6,udp,udp6}</c>.
/// </summary>
public static class ProcessSockets
{
    private const string TcpListen = "0A";

    /// <summary>Gets the open ports of <paramref name="pid"/>, as <c>tcp 0100007F:9C41</c> (the kernel's hex notation).</summary>
    public static IReadOnlyList<string> OpenPorts(int pid)
    {
        var fdDirectory = $"/proc/{pid}/fd";
        if (!Directory.Exists(fdDirectory))
        {
            throw new InvalidOperationException($"{fdDirectory} does not exist: the process is gone, or this is not Linux.");
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries(fdDirectory))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor was closed while we looked.
            }
        }

        var open = new List<string>();
        foreach (var protocol in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            var table = $"/proc/{pid}/net/{protocol}";
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && inodes.Contains(columns[9]) && (protocol.StartsWith("udp", StringComparison.Ordinal) || columns[3] == TcpListen))
                {
                    open.Add(string.Create(CultureInfo.InvariantCulture, $"{protocol} {columns[1]}"));
                }
            }
        }

        return open;
    }
}
