using D8.Dashboard;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// A master in the test's own process, composed as <c>d8-master run</c> composes it on PostgreSQL (AddD8Master
/// .UsePostgreSql, AddD8HumanRequests, AddD8PostgreSqlHumanRequestStore, the dashboard and the master API on a real
/// Kestrel at 127.0.0.1, port 0), so a test can hold its services (a <c>WaitForDecisionAsync</c>) while other masters
/// are real processes. Its logs go to a fake collector the test can read.
/// </summary>
public sealed class InProcessMaster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private InProcessMaster(WebApplication app, Uri url)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        Client = new D8MasterClient(_http, MasterPair.ApiToken);
    }

    /// <summary>Gets the client of its API (with the pair's token).</summary>
    public D8MasterClient Client { get; }

    /// <summary>Gets its services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Gets its human requests.</summary>
    public IHumanRequestManager Requests => Services.GetRequiredService<IHumanRequestManager>();

    /// <summary>Gets what it logged so far, one line per record.</summary>
    public string Logs => string.Join('\n', Services.GetFakeLogCollector().GetSnapshot().Select(record => $"{record.Level} {record.Category}: {record.Message}"));

    /// <summary>Starts the master on <paramref name="connectionString"/> with its own data directory.</summary>
    public static async Task<InProcessMaster> StartAsync(string connectionString, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = dataDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddD8Master(options =>
        {
            options.Token = "in-process-slave-token";
            options.ApiToken = MasterPair.ApiToken;
            options.DataDirectory = dataDirectory;
            options.HealthCheckInterval = TimeSpan.FromSeconds(1);
            options.HealthCheckTimeout = TimeSpan.FromSeconds(1);
        }).UsePostgreSql(connectionString);
        builder.Services.AddD8HumanRequests(options => options.DataDirectory = dataDirectory);
        builder.Services.AddD8PostgreSqlHumanRequestStore(connectionString);
        builder.Services.AddD8Dashboard(options =>
        {
            options.Password = "in-process dashboard password";
            options.Port = 0;
            options.BindAddress = "127.0.0.1";
        });
        var app = builder.Build();
        app.MapD8Dashboard();
        app.MapD8MasterApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessMaster(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    public override string ToString() => $"--- in-process master\n{Logs}";
}
