using D8.Distributed.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>A real slave: Kestrel on 127.0.0.1 port 0 with AddD8Slave + MapD8SlaveApi, and a client for it.</summary>
public sealed class SlaveServer : IAsyncDisposable
{
    public const string Token = "s3cret-test-token";

    private SlaveServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        Wire = new SlaveClient(baseAddress);
    }

    public WebApplication App { get; }

    /// <summary>The slave seen from outside, over HTTP only: what the wire tests use, in-process or against d8-slave.</summary>
    public SlaveClient Wire { get; }

    public HttpClient Client => Wire.Client;

    public static async Task<SlaveServer> StartAsync(Action<D8SlaveOptions>? configure = null, TimeProvider? timeProvider = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: the machine's environment variables (D8__*) must not reach the options.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = Token;
            options.Commit = "abc1234def";
            options.Version = "1.0.0";
            options.Branch = "main";
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapD8SlaveApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SlaveServer(app, new Uri(address));
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Posts a raw JSON body to /api/execute.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string json, string? token = Token, CancellationToken cancellationToken = default) =>
        Wire.PostRawAsync(json, token, cancellationToken);

    /// <summary>Sends a bodiless request (the task routes) with the token, or none when <paramref name="token"/> is <see langword="null"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = Token) => Wire.SendAsync(method, path, token);

    /// <summary><c>POST /api/tasks/{id}/cancel</c>, expecting 200 with an execute response.</summary>
    public Task<ExecuteResponse> CancelAsync(string taskId) => Wire.CancelAsync(taskId);

    /// <summary><c>GET /api/tasks/{id}</c>, expecting 200 with the task's status.</summary>
    public Task<SlaveTaskStatusResponse> TaskAsync(string taskId) => Wire.TaskAsync(taskId);

    /// <summary>Posts an execute request and expects 200 with an execute response.</summary>
    public Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default) => Wire.ExecuteAsync(request, cancellationToken);

    public Task<HealthResponse> HealthAsync() => Wire.HealthAsync();

    public async ValueTask DisposeAsync()
    {
        Wire.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
