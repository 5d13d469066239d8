using System.Globalization;
using System.Text.RegularExpressions;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>
/// A real <c>d8-master run</c> process (master API with an operator token, on loopback and a free port) and a real
/// <c>d8-slave</c> process with ONE slot, registered through the CLI as <see cref="SlaveId"/>; and a CLI that talks to
/// the master.
/// </summary>
public sealed partial class RunningMaster : IAsyncLifetime, IDisposable
{
    public const string SlaveId = "worker";
    public const string ApiToken = "e2e-operator-token";
    public const string ProbeTimeoutVariable = "D8__Cli__ProbeTimeout";
    private const string SlaveToken = "e2e-slave-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _data = new("d8-master-client");
    private SampleProcess? _slave;
    private SampleProcess? _master;
    private HttpClient? _http;

    /// <summary>Gets the master's URL (<c>http://127.0.0.1:port</c>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Gets the CLI, pointed at the master with the right token (and a data directory of its own).</summary>
    public CliRunner Cli { get; private set; } = null!;

    /// <summary>Gets a typed client of the master, for what a test checks behind the CLI's back.</summary>
    public D8MasterClient Client { get; private set; } = null!;

    /// <summary>Gets the master's data directory (its slaves/config.json).</summary>
    public string DataDirectory => _data.Path;

    /// <summary>Gets a scratch directory for the tests' files.</summary>
    public string Scratch => _data.Combine("scratch");

    /// <summary>
    /// A CLI pointed at the master with the given environment instead (a wrong token, say). It waits for the master's
    /// <c>/healthz</c> longer than the default 2 s: on a loaded test machine a slow answer must not turn a test of the
    /// master's API into one of the offline fallback.
    /// </summary>
    public CliRunner CliWith(Dictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment[CliRunner.MasterUrlVariable] = Url.ToString();
        environment.TryAdd(ProbeTimeoutVariable, "00:00:30");
        return new CliRunner(_data.Combine("cli"), environment);
    }

    public async Task InitializeAsync()
    {
        Requirements.Python3();
        Directory.CreateDirectory(Scratch);
        _slave = SampleProcess.Start("D8.Slave.Sample", "d8-slave", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = SlaveToken,
            ["D8__Slave__MaxConcurrentTasks"] = "1",
        }, "--host", "127.0.0.1", "--port", "0");
        var slaveAddress = new Uri(await _slave.WaitForLineAsync(ListeningLine(), StartTimeout));

        _master = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = SlaveToken,
            ["D8_DATA_DIR"] = _data.Path,
            ["D8_API_TOKEN"] = ApiToken,
            ["D8__Dashboard__Port"] = "0",
            ["D8__Dashboard__BindAddress"] = "127.0.0.1",
        }, "run");
        var address = new Uri(await _master.WaitForLineAsync(DashboardLine(), StartTimeout));
        Url = new Uri($"http://127.0.0.1:{address.Port.ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(_data.Combine("cli"));
        Cli = CliWith(new Dictionary<string, string?> { ["D8_API_TOKEN"] = ApiToken });
        _http = new HttpClient { BaseAddress = Url };
        Client = new D8MasterClient(_http, ApiToken);
        await Client.GetHealthAsync();

        // Registered and checked through the master, so it knows the slave's one slot before any task.
        var added = await Cli.RunAsync("slaves", "add", SlaveId, "127.0.0.1", "--port", slaveAddress.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(added.ExitCode == 0 && added.Error.Length == 0, $"{added}\n{this}");
        var checkedSlave = await Cli.RunAsync("slaves", "check", SlaveId);
        Assert.True(checkedSlave.ExitCode == 0, $"{checkedSlave}\n{this}");
    }

    public async Task DisposeAsync()
    {
        if (_master is not null)
        {
            await _master.DisposeAsync();
        }

        if (_slave is not null)
        {
            await _slave.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _data.Dispose();
    }

    public override string ToString() => $"--- d8-master\n{_master}\n--- d8-slave\n{_slave}";

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"d8-master: dashboard on (http://\S+?)(?:,|\s|$)")]
    private static partial Regex DashboardLine();
}
