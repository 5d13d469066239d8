using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Tests.Support;

/// <summary>
/// A real slave from the slave package (<c>AddD8Slave</c> + <c>MapD8SlaveApi</c>) on Kestrel, 127.0.0.1, sharing the
/// master's test token and the fixture commit; it can be stopped and started again on the same port.
/// </summary>
public sealed class RealSlave : IAsyncDisposable
{
    private readonly Action<D8SlaveOptions>? _configure;
    private WebApplication? _app;

    private RealSlave(Action<D8SlaveOptions>? configure) => _configure = configure;

    public int Port { get; private set; }

    public static async Task<RealSlave> StartAsync(Action<D8SlaveOptions>? configure = null)
    {
        var slave = new RealSlave(configure);
        await slave.StartOnAsync(0);
        return slave;
    }

    public Task RestartAsync() => StartOnAsync(Port);

    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = MasterHost.Token;
            options.Commit = MasterHost.FixtureCommit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
            _configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }
}
