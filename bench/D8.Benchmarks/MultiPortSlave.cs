using System.Net;
using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Benchmarks;

/// <summary>
/// One real slave (AddD8Slave + MapD8SlaveApi) listening on many loopback ports at once, so a sweep over many
/// registrations talks to as many distinct endpoints (own connection pool and circuit breaker each) without starting
/// as many hosts.
/// </summary>
internal sealed class MultiPortSlave : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MultiPortSlave(WebApplication app, IReadOnlyList<int> ports)
    {
        _app = app;
        Ports = ports;
    }

    public IReadOnlyList<int> Ports { get; }

    public static async Task<MultiPortSlave> StartAsync(int portCount, string commit)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(options =>
        {
            for (var i = 0; i < portCount; i++)
            {
                options.Listen(IPAddress.Loopback, 0);
            }
        });
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = LoopbackSlave.Token;
            options.Commit = commit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.ProbeTimeout = TimeSpan.FromMinutes(2);
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).ToList();
        return new MultiPortSlave(app, ports);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
