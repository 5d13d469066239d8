using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace D8.Testing.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL cluster shared by every test of the process: found in <c>/usr/lib/postgresql/&lt;n&gt;/bin</c>
/// (Debian's <c>postgresql</c> is installed with apt-get when missing), created by <c>initdb</c> as the <c>postgres</c>
/// user in a temp directory, listening on 127.0.0.1 on a free port with its unix socket in that directory, fsync on
/// (the stores' durability is under test). It is stopped (<c>pg_ctl stop -m immediate</c>) and deleted when the test
/// process exits. Each test gets its own database from <see cref="CreateDatabaseAsync"/>, so tests run in parallel.
/// A test that stops the server (a database outage) takes its own cluster from <see cref="StartDedicatedAsync"/>, so
/// the tests sharing <see cref="GetAsync"/>'s never see it go.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly Lazy<Task<PostgreSqlServer>> SharedServer = new(StartSharedAsync);
    private static int _databases;

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private readonly bool _dedicated;
    private int _destroyed;

    private PostgreSqlServer(string binDirectory, string root, bool asPostgresUser, int port, bool dedicated)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
        _dedicated = dedicated;
    }

    /// <summary>Gets the TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Gets the connection string of the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>Returns the process-wide server, creating and starting it on first use.</summary>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is missing and could not be installed, or did not start;
    /// the message says what is missing.</exception>
    public static Task<PostgreSqlServer> GetAsync() => SharedServer.Value;

    /// <summary>
    /// Creates and starts a cluster of the calling test's own (its own data directory and port), for a test that stops
    /// and starts the server; dispose it at the end of the test (it is deleted at process exit otherwise).
    /// </summary>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is missing and could not be installed, or did not start;
    /// the message says what is missing.</exception>
    public static Task<PostgreSqlServer> StartDedicatedAsync() => StartClusterAsync(dedicated: true);

    /// <summary>Stops and deletes a cluster from <see cref="StartDedicatedAsync"/>; does nothing to the shared one.</summary>
    /// <returns>A task that completes when the cluster is gone.</returns>
    public ValueTask DisposeAsync()
    {
        if (_dedicated)
        {
            Destroy();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Returns the connection string of a database of this server (trust authentication, no password).</summary>
    /// <param name="database">The database name.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
            Pooling = true,
            MaxPoolSize = 20,
            // Opening a connection took over 15 s (Npgsql's default) on a 2-core machine running several test
            // assemblies and a CPU hog at once; a stopped server is refused at once whatever this says.
            Timeout = 60,
        }.ConnectionString;

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection string of the new database.</returns>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"d8_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: connections are closed), as a database going away under a master.</summary>
    /// <returns>A task that completes when the server is down.</returns>
    public async Task StopAsync()
    {
        await RunPgCtlAsync("stop", "-w", "-m", "fast", "-D", DataDirectory);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/>.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task StartAsync()
    {
        await StartServerAsync(this);
    }

    private static Task<PostgreSqlServer> StartSharedAsync() => StartClusterAsync(dedicated: false);

    private static async Task<PostgreSqlServer> StartClusterAsync(bool dedicated)
    {
        // Test projects run at once on the same machine: one of them installs PostgreSQL and creates its cluster at a
        // time (each has its own cluster); the lock is a file every process opens exclusively.
        using var machineLock = await AcquireMachineLockAsync();
        var bin = FindBinDirectory() ?? await InstallAsync();
        DeleteLeftovers();
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), $"d8-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", root], "chown the cluster directory to 'postgres' (the 'postgres' user comes with Debian's postgresql package)");
        }

        var server = new PostgreSqlServer(bin, root, asPostgresUser, FreePort(), dedicated);
        await server.RunToolAsync("initdb", "-D", server.DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await StartServerAsync(server);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Destroy();
        return server;
    }

    private static async Task StartServerAsync(PostgreSqlServer server)
    {
        var socketDirectory = Path.Combine(server._root, "sock");
        Directory.CreateDirectory(socketDirectory);
        if (server._asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", socketDirectory], "chown the socket directory");
        }

        var settings = string.Create(
            CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -c port={server.Port} -c unix_socket_directories={socketDirectory} -c fsync=on -c max_connections=300 -c shared_buffers=32MB");
        await server.RunPgCtlAsync("start", "-w", "-t", "60", "-D", server.DataDirectory, "-l", Path.Combine(server._root, "server.log"), "-o", settings);
    }

    private static async Task<FileStream> AcquireMachineLockAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "d8-postgresql-fixture.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>
    /// Deletes the clusters of test processes that are gone: the test host may be ended before its exit handler has
    /// deleted the directory (the server itself is stopped first).
    /// </summary>
    private static void DeleteLeftovers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "d8-pg-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var pid) || IsAlive(pid)
                || File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Another process is deleting it too.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => bin.EndsWith("/15/bin", StringComparison.Ordinal))
            .ThenByDescending(bin => bin, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static async Task<string> InstallAsync()
    {
        const string Missing = "These tests need PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin (initdb, pg_ctl). ";
        try
        {
            await DebianPackages.InstallAsync("postgresql", "initdb");
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(Missing + ex.Message, ex);
        }

        return FindBinDirectory()
            ?? throw new InvalidOperationException(Missing + "'apt-get install -y postgresql' ran but installed none.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string what)
    {
        var (exitCode, output) = await ExecuteAsync(program, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL test fixture: could not {what}: '{program} {string.Join(' ', arguments)}' exited with {exitCode}:\n{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> ExecuteAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"PostgreSQL test fixture: could not start '{program}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private Task RunPgCtlAsync(params string[] arguments) => RunToolAsync("pg_ctl", arguments);

    private async Task RunToolAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        var (program, all) = _asPostgresUser
            ? ("runuser", (IReadOnlyList<string>)["-u", "postgres", "--", path, .. arguments])
            : (path, arguments);
        await RunAsync(program, all, $"run {tool} (log: {Path.Combine(_root, "server.log")})");
    }

    private void Destroy()
    {
        if (Interlocked.Exchange(ref _destroyed, 1) != 0)
        {
            return;
        }

        try
        {
            RunToolAsync("pg_ctl", "stop", "-m", "immediate", "-D", DataDirectory).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test stopped it) or never started: the directory goes anyway.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Temp is cleaned by the OS anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
