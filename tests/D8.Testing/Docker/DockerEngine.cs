using System.Diagnostics;
using System.Globalization;

namespace D8.Testing;

/// <summary>
/// A real Docker engine for the docker method's tests, with the local test image <see cref="TestImage"/> (Python 3 on
/// Debian bookworm; no registry is reachable from these machines, so it is built here). <see cref="EnsureAsync"/> makes
/// it so, as on a fresh CI machine: when <c>docker info</c> fails it installs Debian's <c>docker.io</c> (when
/// <c>dockerd</c> is missing), starts <c>dockerd --storage-driver=vfs</c> in the background (its own session, log and
/// pid file; it keeps running after the tests), and builds the image once from a <c>debootstrap</c> root file system
/// whose tarball is cached under <see cref="CacheDirectory"/>. Serialised across processes with a file lock (two test
/// projects may start at once). Whatever fails says what and how to fix it; nothing is skipped.
/// </summary>
public static class DockerEngine
{
    /// <summary>The image the docker tests run: Debian bookworm minbase with python3-minimal and <c>python</c> → <c>python3</c>.</summary>
    public const string TestImage = "d8-python:test";

    /// <summary>Where the root file system tarball of <see cref="TestImage"/> is kept between runs.</summary>
    public const string CacheDirectory = "/var/cache/d8-test";

    /// <summary>The log of a <c>dockerd</c> the fixture started.</summary>
    public const string DaemonLog = "/var/log/d8-test-dockerd.log";

    private const string DaemonPidFile = "/var/run/d8-test-dockerd.pid";
    private const string RootfsTarball = CacheDirectory + "/d8-python-bookworm.tar";
    private static readonly TimeSpan DaemonStartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(15);
    private static readonly Lazy<Task> Ready = new(PrepareAsync);

    /// <summary>Gets the docker client the fixture uses (the first <c>docker</c> on PATH).</summary>
    public static string Client => Requirements.FindOnPath("docker") ?? "docker";

    /// <summary>Makes sure the engine answers and <see cref="TestImage"/> exists; throws with what failed and how to fix it.</summary>
    public static Task EnsureAsync() => Ready.Value;

    /// <summary>Runs the docker client with <paramref name="arguments"/> (60 s limit).</summary>
    public static Task<CommandResult> DockerAsync(params string[] arguments) => ExternalCommand.RunAsync(Client, arguments, TimeSpan.FromSeconds(60));

    /// <summary>The names of all containers (any state) whose name is exactly <paramref name="name"/>.</summary>
    public static async Task<IReadOnlyList<string>> ContainersNamedAsync(string name)
    {
        var result = await DockerAsync("ps", "-a", "--filter", $"name=^/?{name}$", "--format", "{{.Names}} {{.Status}}");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'docker ps -a' failed: {result.Tail()}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Whether the container named <paramref name="name"/> exists and is running.</summary>
    public static async Task<bool> IsRunningAsync(string name)
    {
        var result = await DockerAsync("ps", "--filter", $"name=^/?{name}$", "--filter", "status=running", "--format", "{{.Names}}");
        return result.ExitCode == 0 && result.Output.Trim().Length > 0;
    }

    private static async Task PrepareAsync()
    {
        using var exclusive = await MachineLock.AcquireAsync("d8-docker-engine", TimeSpan.FromMinutes(30));
        await EnsureDaemonAsync();
        await EnsureImageAsync();
    }

    private static async Task EnsureDaemonAsync()
    {
        if (await InfoAsync() is null)
        {
            return;
        }

        if (!IsRoot)
        {
            throw Fail($"'docker info' fails ({await InfoAsync()}) and the tests do not run as root, so they cannot start dockerd: start a Docker engine (as root: 'apt-get install -y docker.io && dockerd --storage-driver=vfs &') and let this user use it (group 'docker').");
        }

        if (Requirements.FindOnPath("dockerd") is null)
        {
            await DebianPackages.InstallAsync("docker.io", "dockerd");
        }

        // iptables may be unavailable (a container without the NAT table): then the daemon runs without its bridge,
        // which the tests do not need (their containers use --network none, or host).
        string? failure = null;
        foreach (var extra in new[] { Array.Empty<string>(), ["--iptables=false", "--bridge=none"] })
        {
            failure = await StartDaemonAsync(extra);
            if (failure is null)
            {
                return;
            }
        }

        throw Fail($"dockerd did not start: {failure}. Its log is {DaemonLog}; to run the docker tests start it by hand ('dockerd --storage-driver=vfs &' as root) and check 'docker info'.");
    }

    /// <summary>Starts dockerd detached (setsid, all of its output to <see cref="DaemonLog"/>) and waits for 'docker info'; the failure, or null.</summary>
    private static async Task<string?> StartDaemonAsync(string[] extra)
    {
        var arguments = string.Join(' ', ["--storage-driver=vfs", $"--pidfile={DaemonPidFile}", .. extra]);
        // Its own session and no inherited pipe: the daemon must neither die with the test host nor keep its output
        // pipes open (a child holding them would make 'dotnet test' wait for it).
        var script = $"echo '=== d8 test fixture: dockerd {arguments}' >> {DaemonLog}; setsid dockerd {arguments} >> {DaemonLog} 2>&1 < /dev/null & echo $!";
        var started = await ExternalCommand.RunAsync("/bin/sh", ["-c", script], TimeSpan.FromSeconds(30));
        if (started.ExitCode != 0 || !int.TryParse(started.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return $"could not launch dockerd: {started.Tail()}";
        }

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < DaemonStartLimit)
        {
            if (await InfoAsync() is null)
            {
                return null;
            }

            if (!IsAlive(pid))
            {
                return $"dockerd {arguments} exited: {LogTail()}";
            }

            await Task.Delay(250);
        }

        return $"'docker info' still failed {DaemonStartLimit.TotalSeconds:0} s after starting dockerd {arguments} ({await InfoAsync()}); {LogTail()}";
    }

    private static async Task EnsureImageAsync()
    {
        if ((await DockerAsync("image", "inspect", "--format", "{{.Id}}", TestImage)).ExitCode == 0)
        {
            return;
        }

        if (!File.Exists(RootfsTarball))
        {
            await BuildRootfsTarballAsync();
        }

        var imported = await ExternalCommand.RunAsync(Client, ["import", RootfsTarball, TestImage], TimeSpan.FromMinutes(5));
        if (imported.ExitCode != 0)
        {
            throw Fail($"'docker import {RootfsTarball} {TestImage}' failed: {imported.Tail()}. Delete {RootfsTarball} to rebuild it.");
        }
    }

    private static async Task BuildRootfsTarballAsync()
    {
        if (!IsRoot)
        {
            throw Fail($"the image {TestImage} is missing and building it needs root (debootstrap): run the tests as root once, or import a Debian root file system with python3 as {TestImage}.");
        }

        if (Requirements.FindOnPath("debootstrap") is null && !File.Exists("/usr/sbin/debootstrap"))
        {
            await DebianPackages.InstallAsync("debootstrap", "debootstrap");
        }

        Directory.CreateDirectory(CacheDirectory);
        var rootfs = Path.Combine(CacheDirectory, "rootfs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var mirror = AptSources.BookwormMirror();
            var debootstrap = await ExternalCommand.RunAsync(
                "/usr/sbin/debootstrap",
                ["--variant=minbase", "--include=python3-minimal", "bookworm", rootfs, mirror],
                InstallLimit);
            if (debootstrap.ExitCode != 0)
            {
                throw Fail($"'debootstrap --variant=minbase --include=python3-minimal bookworm {rootfs} {mirror}' failed: {debootstrap.Tail()}");
            }

            // The spec's command line runs 'python'; Debian names it python3 (python-is-python3 would add the link).
            File.CreateSymbolicLink(Path.Combine(rootfs, "usr", "bin", "python"), "python3");
            // Smaller layers: vfs copies the whole root file system for every container.
            foreach (var directory in new[] { "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale", "usr/share/info" })
            {
                var path = Path.Combine(rootfs, directory);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                    Directory.CreateDirectory(path);
                }
            }

            var temporary = RootfsTarball + ".tmp-" + Guid.NewGuid().ToString("N");
            var tar = await ExternalCommand.RunAsync("tar", ["-C", rootfs, "-cf", temporary, "."], TimeSpan.FromMinutes(5));
            if (tar.ExitCode != 0)
            {
                File.Delete(temporary);
                throw Fail($"'tar -C {rootfs} -cf {temporary} .' failed: {tar.Tail()}");
            }

            File.Move(temporary, RootfsTarball, overwrite: true);
        }
        finally
        {
            // debootstrap leaves mounts only when it is killed half-way; a plain recursive delete is enough otherwise.
            await ExternalCommand.RunAsync("rm", ["-rf", "--one-file-system", rootfs], TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>The error of 'docker info', or null when the engine answers.</summary>
    private static async Task<string?> InfoAsync()
    {
        var result = await ExternalCommand.RunAsync(Client, ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? null : result.Tail(300);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static bool IsAlive(int pid)
    {
        // A dead daemon may linger as a zombie (its parent, the shell, is gone): 'Z' in /proc/<pid>/stat counts as dead.
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(DaemonLog);
            return "last lines of " + DaemonLog + ": " + string.Join(" | ", lines.TakeLast(6));
        }
        catch (IOException)
        {
            return $"{DaemonLog} is unreadable";
        }
    }

    private static InvalidOperationException Fail(string message) =>
        new($"The docker tests need a Docker engine with the image {TestImage}, and preparing it failed: {message}");
}
