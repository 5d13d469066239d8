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
/// The dashboard on a real Kestrel (127.0.0.1, port 0) with AddD8Master + AddD8HumanRequests (temp data dir) +
/// AddD8Dashboard, the task queue on the in-memory store, and a real loopback slave (AddD8Slave + MapD8SlaveApi) that can be stopped.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string Password = "correct horse battery";
    public const string Token = "test-token";
    public const string Commit = "abc1234def";

    private readonly TempDirectory _data;
    private WebApplication? _slave;

    private DashboardHost(WebApplication app, string baseUrl, TempDirectory data)
    {
        App = app;
        BaseUrl = baseUrl;
        _data = data;
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public string DataDirectory => _data.Path;

    public IHumanRequestManager Requests => Services.GetRequiredService<IHumanRequestManager>();

    /// <summary>Starts the host; <paramref name="services"/> registers services before <c>AddD8Master()</c> (a
    /// replacement registry, say).</summary>
    public static async Task<DashboardHost> StartAsync(Action<D8DashboardOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory("d8-dashboard");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = data.Path });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        services?.Invoke(builder.Services);
        builder.Services.AddD8Master(options =>
        {
            options.Token = Token;
            options.DataDirectory = data.Path;
            options.Commit = Commit;
            options.HealthCheckTimeout = TimeSpan.FromSeconds(5);
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
            options.Resilience.UseJitter = false;
            options.Resilience.MaxRetryAttempts = 0;
            options.Queue.PollInterval = TimeSpan.FromMilliseconds(100);
        }).UseInMemoryTaskStore();
        builder.Services.AddD8HumanRequests(options => options.DataDirectory = data.Path);
        builder.Services.AddD8Dashboard(options =>
        {
            options.Password = Password;
            options.Port = 0;
            options.BindAddress = "127.0.0.1";
            options.RefreshInterval = TimeSpan.FromMilliseconds(500);
            options.FailedSignInDelay = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapD8Dashboard();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardHost(app, address.TrimEnd('/'), data);
    }

    /// <summary>Starts a real slave on loopback and returns its port.</summary>
    public async Task<int> StartSlaveAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = Token;
            options.Commit = Commit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
        });
        var slave = builder.Build();
        slave.MapD8SlaveApi();
        await slave.StartAsync();
        _slave = slave;
        return new Uri(slave.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task StopSlaveAsync()
    {
        var slave = _slave;
        _slave = null;
        if (slave is not null)
        {
            await slave.StopAsync();
            await slave.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopSlaveAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(grace.Token);
        await App.DisposeAsync();
        _data.Dispose();
    }
}
