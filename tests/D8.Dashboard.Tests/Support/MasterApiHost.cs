using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.Distributed.Slave;
using D8.HumanRequests;
using D8.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Dashboard.Tests.Support;

/// <summary>
/// The master as <c>d8-master run</c> hosts it, on a real Kestrel (127.0.0.1, port 0): AddD8Master (in-memory task
/// store, temp data dir) + AddD8HumanRequests + AddD8Dashboard with a password, MapD8Dashboard + MapD8MasterApi; real
/// loopback slaves (AddD8Slave + MapD8SlaveApi) on demand; the typed client and a raw HttpClient.
/// </summary>
public sealed class MasterApiHost : IAsyncDisposable
{
    public const string ApiToken = "operator-token-0123456789";
    public const string SlaveToken = "slave-token";
    public const string Commit = "abc1234def";

    private readonly TempDirectory _data;
    private readonly List<WebApplication> _slaves = [];
    private readonly HttpClient _http;

    private MasterApiHost(WebApplication app, string baseUrl, TempDirectory data, string? apiToken)
    {
        App = app;
        BaseUrl = baseUrl;
        _data = data;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Client = new D8MasterClient(_http, apiToken);
        Raw = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (apiToken is not null)
        {
            Raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiToken);
        }
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public string DataDirectory => _data.Path;

    /// <summary>Gets the typed client, sending the API token when the master has one.</summary>
    public D8MasterClient Client { get; }

    /// <summary>Gets a raw client (the token as a default header when the master has one), for the error cases.</summary>
    public HttpClient Raw { get; }

    public ISlaveRegistry Registry => Services.GetRequiredService<ISlaveRegistry>();

    public IHumanRequestManager Requests => Services.GetRequiredService<IHumanRequestManager>();

    public static async Task<MasterApiHost> StartAsync(Action<D8MasterOptions>? master = null, string? apiToken = ApiToken, Action<D8HumanRequestsOptions>? requests = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory("d8-master-api");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = data.Path });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddD8Master(options =>
        {
            options.Token = SlaveToken;
            options.ApiToken = apiToken;
            options.DataDirectory = data.Path;
            options.Commit = Commit;
            options.Version = "1.2.3";
            options.HealthCheckTimeout = TimeSpan.FromSeconds(5);
            options.Queue.PollInterval = TimeSpan.FromMilliseconds(50);
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
            options.Resilience.UseJitter = false;
            options.Resilience.MaxRetryAttempts = 0;
            master?.Invoke(options);
        }).UseInMemoryTaskStore();
        builder.Services.AddD8HumanRequests(options =>
        {
            options.DataDirectory = data.Path;
            requests?.Invoke(options);
        });
        builder.Services.AddD8Dashboard(options =>
        {
            options.Password = "correct horse battery";
            options.Port = 0;
            options.BindAddress = "127.0.0.1";
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapD8Dashboard();
        app.MapD8MasterApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MasterApiHost(app, address.TrimEnd('/'), data, apiToken);
    }

    /// <summary>Starts a real slave on loopback and returns its port.</summary>
    public async Task<int> StartSlaveAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = SlaveToken;
            options.Commit = Commit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
        });
        var slave = builder.Build();
        slave.MapD8SlaveApi();
        await slave.StartAsync();
        _slaves.Add(slave);
        return new Uri(slave.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    /// <summary>Starts a real slave, registers it through the API and checks it, so it is healthy.</summary>
    public async Task<SlaveResponse> AddHealthySlaveAsync(string id)
    {
        var port = await StartSlaveAsync();
        await Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = id, Host = "127.0.0.1", Port = port });
        var slave = await Client.CheckSlaveAsync(id);
        Assert.True(slave.Status == "healthy", $"slave {id} should be healthy: {slave.Status} {slave.LastError}");
        return slave;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slave in _slaves)
        {
            await slave.StopAsync();
            await slave.DisposeAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(grace.Token);
        await App.DisposeAsync();
        _http.Dispose();
        Raw.Dispose();
        _data.Dispose();
    }
}
