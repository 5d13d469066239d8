using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace D8.Reliability.Tests.Support;

/// <summary>
/// The built <c>d8-slave</c> sample host as a real OS process on 127.0.0.1: its memory can be measured, and it can be
/// killed outright (SIGKILL, no graceful shutdown) and started again on the same port.
/// </summary>
public sealed partial class SlaveProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SlaveProcess(Process process) => _process = process;

    public int Port { get; private set; }

    public Process Process => _process;

    /// <summary>Gets the slave process's working set now, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts d8-slave on <paramref name="port"/> (0 for a free one) with extra <c>D8:Slave</c> settings.</summary>
    public static async Task<SlaveProcess> StartAsync(int port = 0, IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleAssembly());
        info.ArgumentList.Add("--host");
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Only the child's environment is set: never this (parallel) test process's.
        foreach (var name in new[] { "SLAVE_AUTH_TOKEN", "D8__Slave__AuthToken", "SLAVE_HOST", "SLAVE_PORT", "ASPNETCORE_URLS", "DOTNET_URLS" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["SLAVE_TOKEN"] = MasterHarness.Token;
        info.Environment["D8__Slave__Commit"] = MasterHarness.Commit;
        info.Environment["D8__Slave__Version"] = "1.0.0";
        info.Environment["D8__Slave__Branch"] = "main";
        info.Environment["D8__Slave__PythonExecutable"] = TestPython.Interpreter;
        info.Environment["D8__Slave__ProbeTimeout"] = "00:02:00";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[$"D8__Slave__{name}"] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var slave = new SlaveProcess(process);
        process.OutputDataReceived += (_, e) => slave.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => slave.OnLine(e.Data);
        process.Exited += (_, _) => slave._listening.TrySetException(new InvalidOperationException($"d8-slave exited before listening. Output:\n{slave.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            slave.Port = await slave._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await slave.DisposeAsync();
            throw;
        }

        return slave;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no drain, no answers; the python children it started are left to the OS.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value).Port);
        }
    }

    /// <summary>The d8-slave.dll built for this configuration (the test project references the sample).</summary>
    private static string SampleAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = directory.Name;
        var configuration = directory.Parent!.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null ? null : Path.Combine(directory.FullName, "samples", "D8.Slave.Sample", "bin", configuration, framework, "d8-slave.dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"d8-slave.dll was not found at '{path}': build samples/D8.Slave.Sample ({configuration}) first.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
