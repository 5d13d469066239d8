using System.Diagnostics;

namespace D8.Testing;

/// <summary>What an <see cref="ExternalCommand"/> run produced.</summary>
/// <param name="ExitCode">The exit code, or -1 when the command could not start or ran past its limit.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error (or why it could not start, or that it timed out).</param>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets the last part of both outputs, for a failure message.</summary>
    public string Tail(int length = 800)
    {
        var text = (Output + "\n" + Error).Trim();
        return text.Length <= length ? text : "..." + text[^length..];
    }
}

/// <summary>Runs a program with an argument vector (no shell), both outputs captured, within a time limit.</summary>
public static class ExternalCommand
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new CommandResult(-1, string.Empty, $"could not start '{fileName}': {ex.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return new CommandResult(-1, await stdout, $"{await stderr}\n'{fileName} {string.Join(' ', info.ArgumentList)}' timed out after {timeout.TotalSeconds:0} s");
            }

            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
