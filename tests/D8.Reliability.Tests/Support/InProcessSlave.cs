using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Reliability.Tests.Support;

/// <summary>A real slave (AddD8Slave + MapD8SlaveApi) on Kestrel, 127.0.0.1 port 0, running the real python interpreter.</summary>
public sealed class InProcessSlave : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSlave(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public static async Task<InProcessSlave> StartAsync(Action<D8SlaveOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = MasterHarness.Token;
            options.Commit = MasterHarness.Commit;
            options.Version = "1.0.0";
            options.Branch = "main";
            options.PythonExecutable = TestPython.Interpreter;
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);

            // The start-up probe of python can take seconds while parallel builds load the machine; past the default
            // 10 s the slave would report no python and the master would exclude it.
            options.ProbeTimeout = TimeSpan.FromMinutes(2);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessSlave(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
