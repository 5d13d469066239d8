using System.Diagnostics;
using Xunit;

namespace D8.Testing;

/// <summary>Runs a short Python script (<c>python -c</c>), as the tests that check a file still loads in the old
/// Python system's reader do.</summary>
public static class PythonScript
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (its <c>sys.argv[1:]</c>) and returns what
    /// it printed, trimmed; fails with its stderr when it exits non-zero.</summary>
    /// <param name="python">The interpreter (<see cref="Requirements.Python3"/>).</param>
    /// <param name="script">The Python source.</param>
    /// <param name="arguments">The script's arguments.</param>
    /// <returns>Standard output without leading and trailing white space.</returns>
    public static async Task<string> RunAsync(string python, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the Python script exited with {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
