using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>A real slave (AddD8Slave + MapD8SlaveApi) on 127.0.0.1 and a free port.</summary>
public sealed class LoopbackSlave : IAsyncDisposable
{
    public const string Token = "cli-test-token";

    private readonly WebApplication _app;

    private LoopbackSlave(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public string Port => Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Task<LoopbackSlave> StartAsync() => StartAsync(https: null);

    /// <summary>
    /// A slave that serves HTTPS only, with the certificate d8-slave generates in <paramref name="dataDirectory"/> (a
    /// new folder means a new certificate), on <paramref name="port"/> (0: a free one), with its own token.
    /// </summary>
    public static Task<LoopbackSlave> StartHttpsAsync(string dataDirectory, int port = 0, string token = Token) =>
        StartAsync((dataDirectory, port, token));

    private static async Task<LoopbackSlave> StartAsync((string DataDirectory, int Port, string Token)? https)
    {
        Requirements.Python3();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        if (https is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = Token;
            if (https is { } tls)
            {
                options.AuthToken = tls.Token;
                options.ConfigureKestrel = true;
                options.Host = "127.0.0.1";
                options.Port = tls.Port;
                options.Https = true;
                options.DataDirectory = tls.DataDirectory;
            }
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackSlave(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
