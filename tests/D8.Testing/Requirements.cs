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
