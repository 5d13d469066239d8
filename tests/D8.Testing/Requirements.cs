namespace D8.Testing;

/// <summary>
/// Locates external programs the tests need. A missing program fails the test with a message saying what is
/// missing and how to install it: tests are never skipped silently.
/// </summary>
public static class Requirements
{
    /// <summary>Returns the full path of <c>python3</c> on PATH, or throws a message that names what is missing.</summary>
    public static string Python3() =>
        FindOnPath("python3")
        ?? throw new InvalidOperationException(
            "This test needs 'python3' on PATH, and none was found. Install Python 3 (Debian: 'apt-get install -y python3 python3-venv').");

    /// <summary>
    /// Returns the interpreter <c>python3</c> on PATH runs (its <c>sys.executable</c>): the binary itself, not a version
    /// manager's shim (pyenv's shim picks its program by its own name, so a link to it does not work).
    /// </summary>
    public static string RealPython3() => RealPython.Value;

    private static readonly Lazy<string> RealPython = new(() =>
    {
        var python3 = Python3();
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(python3, ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true })!;
        var path = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        return File.Exists(path) ? path : throw new InvalidOperationException($"'{python3}' did not name its interpreter (sys.executable: '{path}').");
    });

    /// <summary>Finds an executable on PATH, or <see langword="null"/>.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
