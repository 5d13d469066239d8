using System.Globalization;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Contracts;
using D8.Testing.PostgreSql;
using D8.Testing.Telegram;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// Two real <c>d8-master run</c> processes ("a" and "b") on one PostgreSQL database, each with its own fake Telegram Bot
/// API (so the test sees which one polls and what each sent), and one real in-process slave with
/// <see cref="SlaveSlots"/> slots that sees which master called it, registered through the API.
/// The two also share one data directory (same machine), so the pair works whether the registry and the human
/// requests are in PostgreSQL or in <c>slaves/config.json</c> and <c>requests.json</c>; nothing here reads those files.
/// </summary>
public sealed partial class MasterPair : IAsyncDisposable
{
    public const string SlaveId = "shared-worker";
    public const long OwnerChat = 4242;
    public const string ApiToken = "multimaster-operator-token";
    private const string SlaveToken = "multimaster-slave-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _data = new("d8-multimaster");
    private readonly Dictionary<string, Master> _masters = new(StringComparer.Ordinal);

    private MasterPair(int slots)
    {
        SlaveSlots = slots;
    }

    /// <summary>Gets the slave both masters use.</summary>
    public RecordingSlave Slave { get; private set; } = null!;

    /// <summary>Gets the slave's slots.</summary>
    public int SlaveSlots { get; }

    /// <summary>Gets a scratch directory (the tasks' side-effect files).</summary>
    public string Scratch => _data.Combine("scratch");

    /// <summary>Gets the masters by name ("a", "b").</summary>
    public IReadOnlyDictionary<string, Master> Masters => _masters;

    /// <summary>
    /// Starts the database, the slave and both masters ("a" first, so it usually leads; tests ask
    /// <see cref="LeaderAsync"/> rather than assume), registers the slave and waits until it is healthy.
    /// </summary>
    /// <param name="slaveSlots">The slave's slots.</param>
    /// <param name="settings">Extra settings of both masters (environment variables).</param>
    /// <param name="server">The PostgreSQL server (a dedicated one for a test that stops it); the shared one by default.</param>
    public static async Task<MasterPair> StartAsync(int slaveSlots, IReadOnlyDictionary<string, string>? settings = null, PostgreSqlServer? server = null)
    {
        server ??= await PostgreSqlServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var pair = new MasterPair(slaveSlots);
        try
        {
            Directory.CreateDirectory(pair.Scratch);
            await Task.WhenAll(pair.StartMasterAsync("a", connectionString, settings), pair.StartMasterAsync("b", connectionString, settings));
            var leader = await pair.LeaderAsync(TimeSpan.FromSeconds(30));

            // The slave runs the masters' commit, as a deployed one does (the master marks a mismatch unhealthy).
            var health = await leader.Client.GetHealthAsync();
            var slave = pair.Slave = await RecordingSlave.StartAsync(SlaveToken, health.Commit, health.Version, slaveSlots, pair.Processes);
            await leader.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = SlaveId, Host = "127.0.0.1", Port = slave.Port });
            SlaveResponse? seen = null;
            try
            {
                await Poll.UntilAsync(
                    async () => (seen = (await leader.Client.ListSlavesAsync()).SingleOrDefault(s => s.Id == SlaveId)) is { Status: "healthy" },
                    "the leader to find the slave healthy",
                    StartTimeout);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}: it is {seen?.Status} ({seen?.LastError}); slave calls: {slave}\n{pair}", ex);
            }
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until exactly one live master says it leads (and every other live one follows); returns it.</summary>
    public async Task<Master> LeaderAsync(TimeSpan timeout)
    {
        Master? leader = null;
        await Poll.UntilAsync(
            async () =>
            {
                var roles = new List<(Master Master, string Role)>();
                foreach (var master in _masters.Values.Where(m => !m.Killed))
                {
                    roles.Add((master, (await master.Client.GetHealthAsync()).Role));
                }

                var leaders = roles.Where(r => r.Role == "leader").ToList();
                leader = leaders.Count == 1 && roles.Count(r => r.Role == "follower") == roles.Count - 1 ? leaders[0].Master : null;
                return leader is not null;
            },
            $"one leader among the masters\n{this}",
            timeout);
        return leader!;
    }

    /// <summary>The live master that is not <paramref name="master"/>.</summary>
    public Master Other(Master master) => _masters.Values.Single(m => m != master);

    public async ValueTask DisposeAsync()
    {
        foreach (var master in _masters.Values)
        {
            await master.DisposeAsync();
        }

        if (Slave is not null)
        {
            await Slave.DisposeAsync();
        }
        _data.Dispose();
    }

    public override string ToString() => string.Join('\n', _masters.Values.Select(m => $"--- d8-master {m.Name}\n{m.Process}"));

    private IReadOnlyDictionary<int, string> Processes()
    {
        lock (_masters)
        {
            return _masters.Values.Where(m => !m.Killed).ToDictionary(m => m.Process.Id, m => m.Name);
        }
    }

    private Task<Master> StartMasterAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings) =>
        StartProcessAsync(name, connectionString, _data.Path, settings, master =>
        {
            lock (_masters)
            {
                _masters[name] = master;
            }
        });

    /// <summary>
    /// Starts one <c>d8-master run</c> process on <paramref name="connectionString"/> with its own fake Bot API, the
    /// pair's token and fast intervals; <paramref name="started"/> sees it as soon as the process runs (so a failed
    /// start is still disposed), and the returned master is connected once its dashboard line is printed.
    /// </summary>
    public static async Task<Master> StartProcessAsync(string name, string connectionString, string dataDirectory, IReadOnlyDictionary<string, string>? settings, Action<Master> started)
    {
        ArgumentNullException.ThrowIfNull(started);
        var telegram = await FakeTelegramBotApi.StartAsync();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SLAVE_TOKEN"] = SlaveToken,
            ["D8_DATA_DIR"] = dataDirectory,
            ["D8_API_TOKEN"] = ApiToken,
            ["D8__PostgreSql__ConnectionString"] = connectionString,
            ["D8__Dashboard__Port"] = "0",
            ["D8__Dashboard__BindAddress"] = "127.0.0.1",
            ["D8__Master__HealthCheckInterval"] = "00:00:01",
            ["D8__Master__HealthCheckTimeout"] = "00:00:01",
            ["D8__Master__RecoveryProbeDelay"] = "00:00:00.500",
            ["TELEGRAM_TOKEN"] = telegram.Token,
            ["TELEGRAM_CHAT_ID"] = OwnerChat.ToString(CultureInfo.InvariantCulture),
            ["D8__Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["D8__Telegram__PollingTimeout"] = "00:00:01",
            ["D8__HumanRequests__PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = SampleProcess.Start("D8.Master.Sample", "d8-master", environment, "run");
        var master = new Master(name, process, telegram);
        started(master);
        var address = new Uri(await process.WaitForLineAsync(DashboardLine(), StartTimeout));
        master.Connect(new Uri($"http://127.0.0.1:{address.Port.ToString(CultureInfo.InvariantCulture)}"), ApiToken);
        return master;
    }

    [GeneratedRegex(@"d8-master: dashboard on (http://\S+?)(?:,|\s|$)")]
    private static partial Regex DashboardLine();

    /// <summary>One master process, its API client and its fake Bot API.</summary>
    public sealed class Master(string name, SampleProcess process, FakeTelegramBotApi telegram) : IAsyncDisposable
    {
        private HttpClient? _http;

        public string Name { get; } = name;

        public SampleProcess Process { get; } = process;

        public FakeTelegramBotApi Telegram { get; } = telegram;

        public D8MasterClient Client { get; private set; } = null!;

        public bool Killed { get; private set; }

        /// <summary>SIGKILL: no shutdown code runs, the database sees the session drop.</summary>
        public async Task KillAsync()
        {
            Killed = true;
            await Process.KillAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            await Telegram.DisposeAsync();
            _http?.Dispose();
        }

        public override string ToString() => Name;

        internal void Connect(Uri url, string apiToken)
        {
            _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
            Client = new D8MasterClient(_http, apiToken);
        }
    }
}
