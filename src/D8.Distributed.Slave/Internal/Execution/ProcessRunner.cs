using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Runs one process: argument vector (no shell), standard input written then closed, both outputs drained with a cap,
/// and on timeout or cancellation the whole process tree killed.
/// </summary>
internal sealed class ProcessRunner(ExecutableLocator locator, TimeProvider timeProvider, ILogger<ProcessRunner> logger)
{
    /// <summary>
    /// Variables of the slave's own secrets, where to find them, or its settings: executed code has no business reading
    /// them (a task's own <c>env</c> is applied after, so a task can still pass such names to its code).
    /// </summary>
    private static readonly HashSet<string> HiddenVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        "SLAVE_TOKEN", "SLAVE_AUTH_TOKEN", "SLAVE_TOKEN_FILE", "SLAVE_AUTH_TOKEN_FILE", "TELEGRAM_TOKEN", "TELEGRAM_TOKEN_FILE",
        "D8_API_TOKEN", "D8_API_TOKEN_FILE", "CREDENTIALS_DIRECTORY",
    };

    /// <summary>How long to wait for the pipes after killing: a daemon that left the tree may hold them open.</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = timeProvider.GetTimestamp();
        using var process = new Process { StartInfo = CreateStartInfo(spec) };

        // The clock starts before the process does, so nothing the process does can happen "before" its time limit.
        using var timeout = new CancellationTokenSource(spec.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new ProcessResult { StartError = $"Could not start '{spec.FileName}': {ex.Message}", Duration = timeProvider.GetElapsedTime(started) };
        }

        var stdout = new CappedOutputCollector(spec.MaxOutputBytes);
        var stderr = new CappedOutputCollector(spec.MaxOutputBytes);
        var readers = Task.WhenAll(
            stdout.DrainAsync(process.StandardOutput.BaseStream, CancellationToken.None),
            stderr.DrainAsync(process.StandardError.BaseStream, CancellationToken.None));
        _ = WriteStdinAsync(process, spec.Stdin);
        var killed = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await readers.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            killed = true;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await AfterKillAsync(spec).ConfigureAwait(false);
            await WaitForPipesAsync(readers).ConfigureAwait(false);
        }

        var (output, outputTruncated) = stdout.Snapshot();
        var (error, errorTruncated) = stderr.Snapshot();
        var timedOut = killed && timeout.IsCancellationRequested;
        return new ProcessResult
        {
            ExitCode = killed ? null : process.ExitCode,
            Output = output,
            Error = error,
            OutputTruncated = outputTruncated,
            ErrorTruncated = errorTruncated,
            TimedOut = timedOut,
            Cancelled = killed && !timedOut,
            Duration = timeProvider.GetElapsedTime(started),
        };
    }

    private ProcessStartInfo CreateStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(IsHidden).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["PATH"] = locator.ChildPath;
        if (spec.Environment is not null)
        {
            foreach (var (name, value) in spec.Environment)
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static async Task WriteStdinAsync(Process process, string? stdin)
    {
        try
        {
            if (!string.IsNullOrEmpty(stdin))
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
                await process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The child exited (or closed stdin) before reading everything: not an error of the slave.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Same as above: a broken pipe on close.
            }
        }
    }

    private void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            Log.ProcessTreeKilled(logger, process.Id);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
        catch (Win32Exception ex)
        {
            Log.KillFailed(logger, process.Id, ex);
        }
    }

    private async Task AfterKillAsync(ProcessSpec spec)
    {
        if (spec.AfterKill is null)
        {
            return;
        }

        try
        {
            // Bounded by its own limits (each docker call has one); the result waits for it, so a container is gone
            // by the time the task is answered.
            await spec.AfterKill().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AfterKillFailed(logger, spec.FileName, ex);
        }
    }

    private async Task WaitForPipesAsync(Task readers)
    {
        try
        {
            await readers.WaitAsync(DrainAfterKill, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.PipesStillOpen(logger);
        }
        catch (IOException)
        {
            // A pipe broke while being drained; what was read so far is kept.
        }
    }

    /// <summary>Whether a variable of the slave's own environment is kept from the tasks: its secrets and every D8 setting.</summary>
    internal static bool IsHidden(string name) =>
        HiddenVariables.Contains(name) || name.StartsWith("D8__", StringComparison.OrdinalIgnoreCase);
}
