using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using D8.Distributed.Slave;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace D8.Distributed.Cli.Internal;

/// <summary>A real D8 slave (AddD8Slave + MapD8SlaveApi) inside this process, on 127.0.0.1 and a free port, with one slot.</summary>
internal sealed class EmbeddedSlave : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSlave(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<EmbeddedSlave> StartAsync(string token, string workingDirectory, string contentRoot, CancellationToken cancellationToken)
    {
        // The executable's folder, as for the master: both report the commit of its version_info.json (no
        // appsettings.json is read: the configuration sources are cleared below).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot });

        // Only what the demo sets: a D8__Slave__* variable of the machine must neither change nor break what it shows.
        // (An empty source stays, so that settings made in code, UseUrls below among them, have somewhere to go.)
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders(); // the demo prints its own steps
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = token;
            options.DefaultWorkingDirectory = workingDirectory;
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(5);

            // One slot, so the demo's burst of tasks has to wait in the master's queue and shows its order.
            options.MaxConcurrentTasks = 1;
        });

        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedSlave(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
