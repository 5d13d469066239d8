using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace D8.Distributed.Slave.Tests.Sample;

/// <summary>The built d8-slave sample host, run as a real process.</summary>
public sealed partial class SlaveHostProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_WithoutToken_Exits1WithOneLineSayingHowToSetOne()
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(token: null, "--port", "0", "--host", "127.0.0.1");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("d8-slave: D8:Slave:AuthToken: ", line, StringComparison.Ordinal);
        Assert.Contains("SLAVE_TOKEN", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Exits0WithTheUsageWithoutListening(string option)
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(token: "t", option);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains("--port", stdout, StringComparison.Ordinal);
        Assert.Contains("--host", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Exits0WithTheVersionWithoutListening()
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(token: "t", "--version");

        Assert.True(exitCode == 0, stderr);
        // What /api/version reports: the version, commit and branch (version_info.json beside the executable, else the build).
        Assert.Matches(@"^\d+\.\d+\.\d+\S* \(commit \S+, branch \S+\)$", stdout.Trim());
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--prot", "1")]
    [InlineData("--verbose")]
    public async Task UnknownOption_Exits2WithTheUsage(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(token: "t", arguments);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"d8-slave: Unrecognized command or argument '{arguments[0]}'.", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seventy")]
    [InlineData("70000")]
    public async Task BadPortOption_Exits2NamingIt(string port)
    {
        var (exitCode, _, stderr) = await RunToExitAsync(token: "t", "--port", port);

        Assert.Equal(2, exitCode);
        Assert.Equal($"d8-slave: --port '{port}' is not a TCP port (0-65535).", Lines(stderr)[0]);
    }

    [Fact]
    public async Task PortInUse_Exits1WithOneLineNamingTheAddress()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, stdout, stderr) = await RunToExitAsync(token: "t", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exitCode);
        Assert.Equal([$"d8-slave: Failed to bind to address http://127.0.0.1:{port}: address already in use."], Lines(stderr));
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D8__Slave__ProbeTimeout", "abc", "d8-slave: D8:Slave:ProbeTimeout: 'abc' is not a duration")]
    [InlineData("SLAVE_PORT", "76OO", "d8-slave: D8:Slave:Port: '76OO' is not a whole number")]
    [InlineData("D8__Slave__Prot", "1", "d8-slave: D8:Slave:Prot: no such setting (did you mean D8:Slave:Port?)")]
    [InlineData("D8__Slave__Capabilities__gpu", "x", "d8-slave: D8:Slave:Capabilities:gpu: 'gpu' is not a list index")]
    [InlineData("D8__Slav__Port", "1", "d8-slave: D8:Slav: no such section (did you mean D8:Slave?)")]
    [InlineData("D8__Telgram__BotToken", "1:x", "d8-slave: D8:Telgram: no such section (did you mean D8:Telegram?)")]
    public async Task BadConfiguration_Exits1WithOneLineNamingTheKey(string variable, string value, string expected)
    {
        // No --port (it would win over SLAVE_PORT), and a host that validation refuses: were the bad value not caught,
        // the slave would still not start listening anywhere.
        var (exitCode, stdout, stderr) = await RunToExitAsync(token: "t", new Dictionary<string, string> { [variable] = value }, "--host", "not-an-address");

        Assert.Equal(1, exitCode);
        Assert.StartsWith(expected, Assert.Single(Lines(stderr)), StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherPackagesSections_AreAccepted()
    {
        // A configuration shared with the master: its sections are no typo. The refused host proves the start got past
        // the section check (its line is the only one).
        var (exitCode, _, stderr) = await RunToExitAsync(token: "t", new Dictionary<string, string>
        {
            ["D8__Master__Token"] = "t",
            ["D8__HumanRequests__PollInterval"] = "00:00:05",
            ["D8__Telegram__BotToken"] = "1:x",
            ["D8__Dashboard__Port"] = "0",
        }, "--host", "not-an-address");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("d8-slave: D8:Slave:Host 'not-an-address'", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithSlaveToken_ServesHealthAndExecute()
    {
        Requirements.Python3();
        using var process = Start(token: "host-token", [], "--host", "127.0.0.1", "--port", "0");
        try
        {
            var address = await ReadListeningAddressAsync(process);
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var health = await client.GetStringAsync("/api/health");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/execute") { Content = new StringContent("""{"command":"print(6*7)"}""", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "host-token");
            using var response = await client.SendAsync(request);

            Assert.Contains("\"status\":\"healthy\"", health, StringComparison.Ordinal);
            Assert.Contains("\"output\":\"42\\n\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // SIGTERM (what systemd and docker send) stops the host gracefully.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    [Fact]
    public async Task Run_Python3OnPathIsAShim_TasksRunTheInterpreterBehindIt()
    {
        using var shim = new D8.Distributed.Slave.Tests.Infrastructure.PythonShim();
        var path = shim.Directory + System.IO.Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Start(token: "host-token", new Dictionary<string, string> { ["PATH"] = path }, "--host", "127.0.0.1", "--port", "0");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await ReadListeningAddressAsync(process)) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "host-token");
            var runsByTheProbe = shim.Runs;

            var outputs = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.PostAsync("/api/execute", new StringContent("""{"command":"import sys; print(sys.executable)","method":"python"}""", Encoding.UTF8, "application/json"));
                outputs.Add(await response.Content.ReadAsStringAsync());
            }

            var expected = "\"output\":" + System.Text.Json.JsonSerializer.Serialize(shim.Interpreter + "\n");
            Assert.All(outputs, output => Assert.Contains(expected, output, StringComparison.Ordinal));
            Assert.Equal(1, runsByTheProbe);
            Assert.Equal(runsByTheProbe, shim.Runs);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Run_UnderSystemd_NotifiesReadyThenStopping()
    {
        Requirements.Python3();
        using var directory = new TempDirectory("d8-systemd");
        var socketPath = directory.Combine("notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        // SystemdHelpers.IsSystemdService() is true when the parent process is called "systemd" (the kernel names a
        // process after the file it runs): a link of that name to python3 wraps d8-slave and passes SIGTERM on.
        var link = directory.Combine("systemd");
        File.CreateSymbolicLink(link, Requirements.RealPython3());
        using var wrapper = Start(token: "t", new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath }, link,
            ["-c", "import signal, subprocess, sys\nchild = subprocess.Popen(sys.argv[1:])\nsignal.signal(signal.SIGTERM, lambda n, f: child.send_signal(signal.SIGTERM))\nsys.exit(child.wait())",
             "dotnet", SampleAssembly(), "--host", "127.0.0.1", "--port", "0"]);
        var stdout = wrapper.StandardOutput.ReadToEndAsync();
        var stderr = wrapper.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("READY=1", await ReceiveAsync(socket));

            using var term = Process.Start("kill", ["-TERM", wrapper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await wrapper.WaitForExitAsync().WaitAsync(ExitTimeout);

            Assert.True(wrapper.ExitCode == 0, $"exit {wrapper.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket));
        }
        finally
        {
            if (!wrapper.HasExited)
            {
                wrapper.Kill(entireProcessTree: true);
                await wrapper.WaitForExitAsync();
            }
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(ExitTimeout);
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string? token, params string[] arguments) =>
        RunToExitAsync(token, [], arguments);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string? token, Dictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(token, environment, arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"d8-slave {string.Join(' ', arguments)} did not exit within {ExitTimeout.TotalSeconds} s (is it listening?).");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadListeningAddressAsync(Process process)
    {
        var seen = new StringBuilder();
        using var deadline = new CancellationTokenSource(ExitTimeout);
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            seen.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"d8-slave exited ({process.ExitCode}) without listening. Output:\n{seen}\nErrors:\n{await process.StandardError.ReadToEndAsync()}");
    }

    private static Process Start(string? token, Dictionary<string, string> environment, params string[] arguments) =>
        Start(token, environment, "dotnet", [SampleAssembly(), .. arguments]);

    private static Process Start(string? token, Dictionary<string, string> environment, string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only the child's environment is changed, never this (parallel) test process's: no D8 setting of the machine.
        foreach (var name in info.Environment.Keys.Where(IsMachineSetting).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";
        if (token is not null)
        {
            info.Environment["SLAVE_TOKEN"] = token;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    private static bool IsMachineSetting(string name) =>
        name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "CREDENTIALS_DIRECTORY" or "NOTIFY_SOCKET"
        || name.StartsWith("SLAVE_", StringComparison.Ordinal) || name.StartsWith("TELEGRAM_", StringComparison.Ordinal)
        || name.StartsWith("D8_", StringComparison.Ordinal) || name.StartsWith("Logging__", StringComparison.Ordinal);

    /// <summary>The d8-slave.dll built next to this test assembly's configuration (the test project references the sample).</summary>
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
