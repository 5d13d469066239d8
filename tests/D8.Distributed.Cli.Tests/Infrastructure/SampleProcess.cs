using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>
/// A built sample host (d8-master, d8-slave) run as a real process, its output collected line by line. The child gets
/// this process's environment without any D8 setting of the machine (<c>SLAVE_*</c>, <c>TELEGRAM_*</c>, <c>D8_*</c>,
/// <c>D8__*</c>, systemd's variables, OpenTelemetry's <c>OTEL_*</c>), plus exactly what the test gives (an
/// <c>OTEL_*</c> variable the test sets does reach the child) and, unless it names one, a master URL where nothing
/// listens.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    /// <summary>A master URL where nothing listens (port 1 on loopback): the connection is refused at once.</summary>
    public const string NoMaster = "http://127.0.0.1:1";

    /// <summary>The variable that names the master (<c>D8:Cli:MasterUrl</c>).</summary>
    public const string MasterUrlVariable = "D8__Cli__MasterUrl";

    private static readonly string[] RemovedPrefixes = ["SLAVE_", "TELEGRAM_", "D8_", "Logging__", "OTEL_"];
    private static readonly string[] RemovedNames = ["ASPNETCORE_URLS", "DOTNET_URLS", "CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS"];

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

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Gets the process id (of the wrapper, for <see cref="StartUnder"/>).</summary>
    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet samples/&lt;project&gt;/bin/&lt;config&gt;/net10.0/&lt;assembly&gt;.dll</c> with only the given D8 settings.</summary>
    public static SampleProcess Start(string project, string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartAt(AssemblyPath(project, assembly), environment, workingDirectory: null, arguments);

    /// <summary>Starts <c>dotnet &lt;assemblyPath&gt;</c> (a copied host, for example) in <paramref name="workingDirectory"/>.</summary>
    public static SampleProcess StartAt(string assemblyPath, IReadOnlyDictionary<string, string> environment, string? workingDirectory, params string[] arguments)
    {
        var info = StartInfo("dotnet", environment, workingDirectory);
        info.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new SampleProcess(Process.Start(info)!);
    }

    /// <summary>
    /// Starts the host as the child of a python3 wrapper whose process name is <paramref name="parentName"/> (the kernel
    /// names a process after the file it runs: here a symbolic link called, say, <c>systemd</c>). The wrapper passes
    /// SIGTERM on and exits with the host's exit code.
    /// </summary>
    public static SampleProcess StartUnder(string parentName, string linkDirectory, string assemblyPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        Requirements.Python3();
        var python = RealPython();
        var link = Path.Combine(linkDirectory, parentName);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, python);
        }

        var info = StartInfo(link, environment, workingDirectory: null);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("""
            import signal, subprocess, sys
            child = subprocess.Popen(sys.argv[1:])
            signal.signal(signal.SIGTERM, lambda number, frame: child.send_signal(signal.SIGTERM))
            sys.exit(child.wait())
            """);
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new SampleProcess(Process.Start(info)!);
    }

    /// <summary>The sample's dll built next to this test assembly's configuration (the test project builds both samples).</summary>
    public static string AssemblyPath(string project, string assembly)
    {
        var path = Path.Combine(OutputFolder(project), assembly + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{assembly}.dll was not found at '{path}': build samples/{project} first.");
    }

    /// <summary>The sample's build output folder (<c>samples/&lt;project&gt;/bin/&lt;config&gt;/net10.0</c>).</summary>
    public static string OutputFolder(string project)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = directory.Name;
        var configuration = directory.Parent!.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException($"The repository root (D8.Distributed.sln) was not found above '{AppContext.BaseDirectory}'.")
            : Path.Combine(directory.FullName, "samples", project, "bin", configuration, framework);
    }

    /// <summary>Copies a sample's whole build output to <paramref name="destination"/>, to run it from there.</summary>
    public static string CopyOutput(string project, string destination)
    {
        var source = OutputFolder(project);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return destination;
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

    /// <summary>Waits for the process to exit by itself and returns its exit code (all its output read).</summary>
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

        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL, as a power cut or the OOM killer would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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

    private static ProcessStartInfo StartInfo(string fileName, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        // Only the child's environment is changed, never this (parallel) test process's.
        foreach (var name in info.Environment.Keys.Where(IsMachineSetting).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";

        // d8-master's verbs look for the running master: only where the test says, never one on the machine's port 7500.
        info.Environment[MasterUrlVariable] = NoMaster;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static bool IsMachineSetting(string name) =>
        RemovedNames.Contains(name, StringComparer.Ordinal) || RemovedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The interpreter itself, not a version manager's shim (pyenv's shim picks its program by its own name).</summary>
    private static string RealPython()
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true })!;
        var path = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        return File.Exists(path) ? path : throw new InvalidOperationException($"python3 did not name its interpreter (sys.executable: '{path}').");
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
