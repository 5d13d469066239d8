using System.Net.Http.Headers;
using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Benchmarks;

/// <summary>A real slave (AddD8Slave + MapD8SlaveApi) on Kestrel, 127.0.0.1 port 0, without logging noise.</summary>
internal sealed class LoopbackSlave : IAsyncDisposable
{
    public const string Token = "benchmark-token";

    private readonly WebApplication _app;

    private LoopbackSlave(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackSlave> StartAsync(string commit = "bench", string? pythonExecutable = null, Action<D8SlaveOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = Token;
            options.Commit = commit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.MaxQueuedTasks = 1024;

            // On a machine shared with parallel builds the start-up probe of python can take seconds; with the default
            // 10 s limit it may fail and the slave would then refuse method 'python'.
            options.ProbeTimeout = TimeSpan.FromMinutes(2);
            if (pythonExecutable is not null)
            {
                options.PythonExecutable = pythonExecutable;
            }

            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackSlave(app, new Uri(address));
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
