using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP collector stand-in on a real Kestrel (127.0.0.1, port 0): accepts <c>POST /v1/metrics</c> and
/// <c>/v1/traces</c> with protobuf bodies and records each request's path, content type and body; it decodes nothing.
/// </summary>
public sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<OtlpRequest> _requests = [];

    private FakeOtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Gets the base URL, for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Gets the requests received so far.</summary>
    public IReadOnlyList<OtlpRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Only what is set here: the machine's environment variables (ASPNETCORE_URLS) must not reach the receiver.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeOtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string signal)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        lock (_gate)
        {
            _requests.Add(new OtlpRequest(http.Request.Path, http.Request.ContentType, body.ToArray()));
        }

        // An empty Export*ServiceResponse: a protobuf message with no fields is zero bytes.
        return signal is "metrics" or "traces" or "logs"
            ? Results.Bytes([], "application/x-protobuf")
            : Results.NotFound();
    }
}

/// <summary>One request the <see cref="FakeOtlpReceiver"/> got.</summary>
public sealed record OtlpRequest(string Path, string? ContentType, byte[] Body)
{
    /// <summary>Whether the body holds <paramref name="text"/> as UTF-8 (protobuf keeps strings as they are).</summary>
    public bool Contains(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
