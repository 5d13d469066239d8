using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>A built sample host (d8-master, d8-slave) run as a real process, its output collected line by line.</summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettings =
    [
        "SLAVE_TOKEN", "SLAVE_AUTH_TOKEN", "SLAVE_HOST", "SLAVE_PORT", "D8_DATA_DIR", "TELEGRAM_TOKEN", "TELEGRAM_CHAT_ID",
        "ASPNETCORE_URLS", "DOTNET_URLS",
    ];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet samples/&lt;project&gt;/bin/&lt;config&gt;/net10.0/&lt;assembly&gt;.dll</c> with only the given D8 settings.</summary>
    public static SampleProcess Start(string project, string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleAssembly(project, assembly));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only the child's environment is changed, never this (parallel) test process's.
        foreach (var name in InheritedSettings.Concat(info.Environment.Keys.Where(key => key.StartsWith("D8__", StringComparison.Ordinal)).ToList()))
        {
            info.Environment.Remove(name);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new SampleProcess(Process.Start(info)!);
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/> and returns its first group (or the line).</summary>
    public async Task<string> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
                if (pattern.Match(_output.ToString()) is { Success: true } match)
                {
                    return match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                }
            }

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"The process exited ({_process.ExitCode}) before printing /{pattern}/.\n{this}");
            }

            try
            {
                await Task.WhenAny(changed, _process.WaitForExitAsync(deadline.Token)).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No line matching /{pattern}/ within {timeout.TotalSeconds} s.\n{this}");
            }
        }
    }

    /// <summary>Waits for the process to end by itself (a one-shot verb), its output read to the end, and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The process did not exit within {timeout.TotalSeconds} s.\n{this}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (what systemd sends) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return $"--- stdout\n{_output}\n--- stderr\n{_error}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The sample's dll built next to this test assembly's configuration (the test project builds both samples).</summary>
    private static string SampleAssembly(string project, string assembly)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = directory.Name;
        var configuration = directory.Parent!.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null ? null : Path.Combine(directory.FullName, "samples", project, "bin", configuration, framework, assembly + ".dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{assembly}.dll was not found at '{path}': build samples/{project} ({configuration}) first.");
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            target.AppendLine(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
