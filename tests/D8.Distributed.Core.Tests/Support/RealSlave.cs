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
    private readonly bool _https;
    private WebApplication? _app;

    private RealSlave(Action<D8SlaveOptions>? configure, bool https)
    {
        _configure = configure;
        _https = https;
    }

    public int Port { get; private set; }

    /// <summary>Gets the address the slave listens on (only this one: an HTTPS slave has no plain-HTTP endpoint).</summary>
    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The slave is not running.");

    public static async Task<RealSlave> StartAsync(Action<D8SlaveOptions>? configure = null)
    {
        var slave = new RealSlave(configure, https: false);
        await slave.StartOnAsync(0);
        return slave;
    }

    /// <summary>
    /// Starts a slave that serves HTTPS only, with the certificate d8-slave generates in <c>DataDirectory</c> (set it in
    /// <paramref name="configure"/>; a new folder on restart means a new certificate).
    /// </summary>
    public static async Task<RealSlave> StartHttpsAsync(Action<D8SlaveOptions> configure)
    {
        var slave = new RealSlave(configure, https: true);
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
        if (!_https)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = MasterHost.Token;
            options.Commit = MasterHost.FixtureCommit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
            if (_https)
            {
                options.ConfigureKestrel = true;
                options.Host = "127.0.0.1";
                options.Port = port;
                options.Https = true;
            }

            _configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        Port = Address.Port;
        _app = app;
    }
}
