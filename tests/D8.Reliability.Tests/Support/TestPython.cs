using System.Diagnostics;

namespace D8.Reliability.Tests.Support;

/// <summary>
/// The real python3 interpreter. On machines with pyenv, <c>python3</c> on PATH is a shell-script shim that costs
/// ~100 ms per spawn; the load test would then measure pyenv, not the slave. The interpreter behind it is resolved once.
/// </summary>
public static class TestPython
{
    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Interpreter => Resolved.Value;

    private static string Resolve()
    {
        var python = Requirements.Python3();
        using var process = Process.Start(new ProcessStartInfo(python, ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true })!;
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return File.Exists(path) ? path : python;
    }

    /// <summary>Python source that appends <paramref name="marker"/> as one line to <paramref name="file"/> (one write, O_APPEND).</summary>
    public static string AppendLine(string file, string marker) =>
        $"import os\nfd = os.open({Literal(file)}, os.O_WRONLY | os.O_APPEND | os.O_CREAT)\nos.write(fd, {Literal(marker + "\n")}.encode())\nos.close(fd)\n";

    public static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
