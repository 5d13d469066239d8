using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace D8.Benchmarks;

/// <summary>
/// Issue 15: the published d8-slave binaries side by side, NativeAOT and JIT (self-contained single file), each started
/// as a process: the time from the spawn to the first answered <c>/api/health</c>, and the resident set after 10 s idle.
/// The binaries come from <c>D8_AOT_SLAVE</c> and <c>D8_JIT_SLAVE</c>, else from the paths .ci/run and the README
/// publish to (artifacts/publish/d8-slave-linux-x64-aot, artifacts/publish/d8-slave-linux-x64).
/// </summary>
internal static class SlaveFootprintBenchmarks
{
    private static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Harness harness)
    {
        Console.WriteLine("Slave footprint (issue 15): published binaries started as processes");
        var real = await SlaveBenchmarks.RealInterpreterAsync(D8.Testing.Requirements.Python3());
        foreach (var (label, variable, folder) in new[] { ("AOT", "D8_AOT_SLAVE", "d8-slave-linux-x64-aot"), ("JIT", "D8_JIT_SLAVE", "d8-slave-linux-x64") })
        {
            var binary = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given ? given : Path.Combine(RepositoryRoot(), "artifacts", "publish", folder, "d8-slave");
            if (!File.Exists(binary))
            {
                harness.Report($"d8-slave {label}", "(binary)", $"missing: {binary} (publish it, see docs/performance.md, or set {variable})", false);
                continue;
            }

            harness.Report($"d8-slave {label}: binary size", "(AOT: smaller)", string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(binary).Length / 1e6:0.0} MB"));
            foreach (var (python, what) in new[] { (real, "python3 = the interpreter"), ("python3", "python3 on PATH (here a pyenv shim)") })
            {
                var rounds = harness.Quick ? 3 : 7;
                var firstHealth = new double[rounds];
                for (var i = 0; i < rounds; i++)
                {
                    await using var slave = await StartedSlave.StartAsync(binary, python);
                    firstHealth[i] = slave.FirstHealth.TotalMilliseconds;
                }

                var stats = Harness.Stats.From(firstHealth);
                harness.Report($"d8-slave {label}, {what}: spawn to first /api/health", label == "AOT" ? "<= 150 ms (old: 400-500 ms)" : "(JIT, for comparison)",
                    stats.Describe(), label == "AOT" && python == real ? stats.P50 <= 150 : null);
            }

            await using (var idle = await StartedSlave.StartAsync(binary, real))
            {
                await Task.Delay(IdleTime);
                var rss = idle.ResidentBytes() / 1e6;
                harness.Report($"d8-slave {label}: RSS after {IdleTime.TotalSeconds:0} s idle", label == "AOT" ? "<= 32 MB (old: 32 MB)" : "(JIT, for comparison)",
                    string.Create(CultureInfo.InvariantCulture, $"{rss:0.0} MB"), label == "AOT" ? rss <= 32 : null);

                // The same slave once it has done some work: one authenticated task, then 10 s idle again.
                await idle.RunOneTaskAsync();
                await Task.Delay(IdleTime);
                var afterTask = idle.ResidentBytes() / 1e6;
                harness.Report($"d8-slave {label}: RSS 10 s after one task", label == "AOT" ? "<= 32 MB" : "(JIT, for comparison)",
                    string.Create(CultureInfo.InvariantCulture, $"{afterTask:0.0} MB"), label == "AOT" ? afterTask <= 32 : null);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private sealed class StartedSlave : IAsyncDisposable
    {
        private readonly Process _process;

        private readonly int _port;

        private StartedSlave(Process process, int port, TimeSpan firstHealth)
        {
            _process = process;
            _port = port;
            FirstHealth = firstHealth;
        }

        public TimeSpan FirstHealth { get; }

        public static async Task<StartedSlave> StartAsync(string binary, string python)
        {
            var port = FreePort();
            var info = new ProcessStartInfo(binary, ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["D8__Slave__AuthToken"] = "bench";
            info.Environment["D8__Slave__PythonExecutable"] = python;
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var started = Stopwatch.GetTimestamp();
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = started + (30 * Stopwatch.Frequency);
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
                    if (response.IsSuccessStatusCode)
                    {
                        return new StartedSlave(process, port, Stopwatch.GetElapsedTime(started));
                    }
                }
                catch (HttpRequestException) when (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
                {
                    // Not listening yet: poll again at once, the figure is the time to the first answer.
                }
            }
        }

        /// <summary>Runs one python task through <c>/api/execute</c> and checks that it printed its answer.</summary>
        public async Task RunOneTaskAsync()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_port}/api/execute"))
            {
                Content = new StringContent("""{"command":"print(6*7)","method":"python"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", "bench");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains("\"output\":\"42\\n\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the footprint task failed: {(int)response.StatusCode} {body}");
            }
        }

        public long ResidentBytes()
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
