using System.Globalization;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// Which process opened a loopback TCP connection, from Linux's <c>/proc</c>: the client socket (local port
/// <c>clientPort</c>, remote port <c>serverPort</c>) in <c>/proc/net/tcp{,6}</c> gives an inode, and the process whose
/// <c>/proc/&lt;pid&gt;/fd</c> holds that inode opened it.
/// </summary>
internal static class ClientSockets
{
    /// <summary>The name of the process (among <paramref name="processes"/>) that owns the client end, or <see langword="null"/>.</summary>
    public static string? Owner(int clientPort, int serverPort, IReadOnlyDictionary<int, string> processes)
    {
        var inode = Inode(clientPort, serverPort);
        if (inode is null)
        {
            return null;
        }

        var link = $"socket:[{inode}]";
        foreach (var (pid, name) in processes)
        {
            var fds = $"/proc/{pid}/fd";
            if (!Directory.Exists(fds))
            {
                continue;
            }

            foreach (var fd in Directory.EnumerateFileSystemEntries(fds))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget == link)
                    {
                        return name;
                    }
                }
                catch (IOException)
                {
                    // The descriptor was closed while we looked.
                }
            }
        }

        return null;
    }

    private static string? Inode(int clientPort, int serverPort)
    {
        var local = ":" + clientPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = ":" + serverPort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[1].EndsWith(local, StringComparison.Ordinal) && columns[2].EndsWith(remote, StringComparison.Ordinal))
                {
                    return columns[9];
                }
            }
        }

        return null;
    }
}
