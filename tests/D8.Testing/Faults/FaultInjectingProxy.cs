using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace D8.Testing.Faults;

/// <summary>
/// A real HTTP server on 127.0.0.1 in front of a real slave: every request is forwarded unchanged, except that
/// <c>POST /api/execute</c> requests take their behaviour from a queue of <see cref="ExecuteFault"/>s (then
/// <see cref="DefaultExecuteFault"/>). Because the slave behind it is real, a fault injected after forwarding
/// (<see cref="ExecuteFault.ResetMidResponse"/>) loses an answer of a task that really ran, and a retry meets the
/// slave's real idempotency store.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    /// <summary>The body sent for <see cref="ExecuteFault.GarbageJson"/>.</summary>
    public const string GarbageBody = "<html><body>502 Bad Gateway (nginx)</body></html>";

    /// <summary>The error text sent for <see cref="ExecuteFault.ServerError"/>.</summary>
    public const string ServerErrorText = "injected fault: internal server error";

    private static readonly string[] ForwardedHeaders = ["Authorization", "traceparent", "tracestate"];
    private readonly ConcurrentQueue<ExecuteFault> _faults = new();
    private readonly ConcurrentQueue<ExecuteFault> _applied = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _forward;
    private readonly WebApplication _app;
    private int _executeRequests;

    private FaultInjectingProxy(Uri target, WebApplication app)
    {
        _forward = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = target, Timeout = Timeout.InfiniteTimeSpan };
        _app = app;
    }

    /// <summary>Gets the loopback port to register instead of the slave's.</summary>
    public int Port { get; private set; }

    /// <summary>Gets or sets what happens to execute requests once the queue is empty.</summary>
    public ExecuteFault DefaultExecuteFault { get; set; } = ExecuteFault.None;

    /// <summary>Gets or sets how long <see cref="ExecuteFault.Slow"/> waits before forwarding.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets how many execute requests arrived (retries included).</summary>
    public int ExecuteRequests => Volatile.Read(ref _executeRequests);

    /// <summary>Gets the behaviour applied to each execute request, in arrival order.</summary>
    public IReadOnlyList<ExecuteFault> Applied => [.. _applied];

    /// <summary>Starts a proxy on a free loopback port in front of <paramref name="target"/>.</summary>
    public static async Task<FaultInjectingProxy> StartAsync(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultInjectingProxy(target, app);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Port = new Uri(app.Urls.First()).Port;
        return proxy;
    }

    /// <summary>The next execute requests get these behaviours, one each, in order.</summary>
    public void InjectExecuteFaults(params ExecuteFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(grace.Token);
        }

        await _app.DisposeAsync();
        _forward.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var isExecute = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/execute", StringComparison.Ordinal);
        var fault = ExecuteFault.None;
        if (isExecute)
        {
            Interlocked.Increment(ref _executeRequests);
            fault = _faults.TryDequeue(out var queued) ? queued : DefaultExecuteFault;
            _applied.Enqueue(fault);
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            switch (fault)
            {
                case ExecuteFault.Hang:
                    await Task.Delay(Timeout.Infinite, aborted.Token);
                    return;
                case ExecuteFault.ResetBeforeForwarding:
                    context.Abort();
                    return;
                case ExecuteFault.GarbageJson:
                    await WriteAsync(context, HttpStatusCode.OK, "application/json", Encoding.UTF8.GetBytes(GarbageBody));
                    return;
                case ExecuteFault.ServerError:
                    await WriteAsync(context, HttpStatusCode.InternalServerError, "application/json", Encoding.UTF8.GetBytes($"{{\"error\":\"{ServerErrorText}\"}}"));
                    return;
                case ExecuteFault.Slow:
                    await Task.Delay(SlowDelay, aborted.Token);
                    break;
                default:
                    break;
            }

            var (status, contentType, body) = await ForwardAsync(context, aborted.Token);
            if (fault == ExecuteFault.ResetMidResponse)
            {
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = contentType;
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), aborted.Token);
                await context.Response.Body.FlushAsync(aborted.Token);
                context.Abort();
                return;
            }

            await WriteAsync(context, status, contentType, body);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    private async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> ForwardAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var name in ForwardedHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        }

        // The forwarded request is not tied to the client's connection: the slave finishes the task even when the
        // client gave up, as it would behind a real network failure.
        using var response = await _forward.SendAsync(request, _stopping.Token);
        var body = await response.Content.ReadAsByteArrayAsync(_stopping.Token);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string? contentType, byte[] body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }
}
