using System.Security.Cryptography;
using System.Text;
using D8.Distributed.Core;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>
/// The server-side half of a dashboard sign-in: a random stamp kept in <c>&lt;data dir&gt;/dashboard/session-stamp</c>
/// (0600), written into every sign-in cookie and checked on every request. Signing out rotates it, so a cookie copied
/// before the sign-out (another browser, a stolen copy) is refused after it, although it has not expired. The file is
/// re-read when it changes, so a restart or another master sharing the data directory sees the same stamp.
/// </summary>
internal sealed class DashboardSessionStamp(IOptions<D8MasterOptions> master)
{
    /// <summary>The claim of the sign-in cookie that carries the stamp.</summary>
    public const string ClaimType = "d8:session-stamp";

    private readonly Lock _lock = new();
    private string? _stamp;
    private DateTime _writtenAt;

    public string FilePath => Path.Combine(master.Value.DataDirectory, "dashboard", "session-stamp");

    /// <summary>The current stamp, created on first use.</summary>
    public string Current()
    {
        lock (_lock)
        {
            var file = new FileInfo(FilePath);
            if (!file.Exists)
            {
                return Write();
            }

            if (_stamp is null || file.LastWriteTimeUtc != _writtenAt)
            {
                var text = File.ReadAllText(file.FullName).Trim();
                if (text.Length == 0)
                {
                    // A truncated file (disk full at the last rotation): a new stamp signs everybody out, which is safe.
                    return Write();
                }

                _stamp = text;
                _writtenAt = file.LastWriteTimeUtc;
            }

            return _stamp;
        }
    }

    /// <summary>Whether <paramref name="stamp"/> (from a cookie) is the current one; constant time.</summary>
    public bool IsCurrent(string? stamp) => stamp is not null && CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Current()), Encoding.ASCII.GetBytes(stamp));

    /// <summary>Replaces the stamp: every cookie issued so far stops working.</summary>
    public void Rotate()
    {
        lock (_lock)
        {
            Write();
        }
    }

    private string Write()
    {
        var stamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(stamp));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        _stamp = stamp;
        _writtenAt = File.GetLastWriteTimeUtc(path);
        return stamp;
    }
}
