using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>
/// The published NativeAOT d8-slave (<see cref="AotSlaveBinary"/>) as a real process on 127.0.0.1 and a free port,
/// configured as <see cref="SlaveServer"/> configures the in-process slave (token, commit, version, branch) plus a
/// workspace root, so the wire tests' expectations hold for both. Shared by the tests of a class.
/// </summary>
public sealed partial class AotSlaveProcess : IAsyncLifetime, IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    public TempDirectory Workspace { get; } = new("d8-aot-workspace");

    public SlaveClient Wire { get; private set; } = null!;

    /// <summary>Gets the slave's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The AOT slave has not started.");

    /// <summary>Gets everything the process printed so far.</summary>
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

    public async Task InitializeAsync()
    {
        Requirements.Python3();
        Directory.CreateDirectory(Workspace.Combine("inside"));
        var binary = await AotSlaveBinary.PathAsync();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        // Only what these tests set, whatever this machine's environment holds.
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("D8__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("SLAVE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["D8__Slave__AuthToken"] = SlaveServer.Token;
        info.Environment["D8__Slave__Commit"] = "abc1234def";
        info.Environment["D8__Slave__Version"] = "1.0.0";
        info.Environment["D8__Slave__Branch"] = "main";
        info.Environment["D8__Slave__WorkspaceRoot"] = Workspace.Path;
        info.Environment["Logging__Console__FormatterName"] = "simple";

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"The AOT d8-slave ({binary}) exited before listening. Output:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var address = await _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Wire = new SlaveClient(address);
    }

    /// <summary>The lines the slave logged at error level or above, or that report an unhandled exception.</summary>
    public IReadOnlyList<string> ProblemLines() =>
        [.. Output.Split('\n').Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
            || line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase))];

    public async Task DisposeAsync()
    {
        Wire?.Dispose();
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public void Dispose() => Workspace.Dispose();

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
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex ListeningLine();
}
