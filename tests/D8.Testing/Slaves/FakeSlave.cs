using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace D8.Testing.Slaves;

/// <summary>
/// A programmable stand-in for the OLD Python slave: a real Kestrel server on 127.0.0.1 serving <c>/api/health</c>,
/// <c>/api/version</c> and <c>/api/execute</c> with the recorded fixture bodies (old fields only unless a test adds
/// ours), plus behaviours for failure tests: N errors then success, hang, abort, another commit, stop and restart on the
/// same port. It counts attempts and executions per <c>task_id</c>, and executes a task id at most once, as a real
/// slave deduplicates it.
/// </summary>
public sealed class FakeSlave : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _taskIds = new();
    private readonly ConcurrentQueue<string> _traceParents = new();
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private readonly Lock _lock = new();
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _failuresLeft;
    private int _healthRequests;
    private int _executeRequests;
    private TaskCompletionSource _executeReceived = NewSignal();

    private FakeSlave()
    {
    }

    /// <summary>Gets the loopback port the slave listens on (kept across restarts).</summary>
    public int Port { get; private set; }

    /// <summary>Gets the host to register: always <c>127.0.0.1</c>.</summary>
    #pragma warning disable CA1822 // An instance property reads naturally next to Port in tests.
    public string Host => "127.0.0.1";
#pragma warning restore CA1822

    /// <summary>Gets whether the server is listening.</summary>
    public bool IsRunning => _app is not null;

    /// <summary>Gets or sets the commit reported by health and version; <see langword="null"/> keeps the fixture's.</summary>
    public string? Commit { get; set; }

    /// <summary>Gets or sets the <c>status</c> of the health answer; <see langword="null"/> keeps the fixture's (healthy).</summary>
    public string? HealthStatus { get; set; }

    /// <summary>Gets or sets whether the old <c>execution_methods.docker</c> flag is true.</summary>
    public bool HasDocker { get; set; }

    /// <summary>Gets or sets our optional <c>running_tasks</c> field; <see langword="null"/> omits it (old slave).</summary>
    public int? RunningTasks { get; set; }

    /// <summary>Gets or sets our optional <c>max_concurrent_tasks</c> field; <see langword="null"/> omits it.</summary>
    public int? MaxConcurrentTasks { get; set; }

    /// <summary>Gets or sets our optional <c>capabilities</c> field; <see langword="null"/> omits it.</summary>
    public IReadOnlyList<string>? Capabilities { get; set; }

    /// <summary>Gets or sets how <c>/api/health</c> and <c>/api/version</c> react.</summary>
    public FakeSlaveBehavior HealthBehavior { get; set; } = FakeSlaveBehavior.Answer;

    /// <summary>Gets or sets how <c>/api/execute</c> reacts.</summary>
    public FakeSlaveBehavior ExecuteBehavior { get; set; } = FakeSlaveBehavior.Answer;

    /// <summary>Gets or sets the fixture body of a successful execute (<c>execute-success.json</c> or <c>execute-failure.json</c>).</summary>
    public string ExecuteFixture { get; set; } = "execute-success.json";

    /// <summary>Gets or sets the token the slave demands on execute; <see langword="null"/> accepts any.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Gets how many health and version requests arrived.</summary>
    public int HealthRequests => Volatile.Read(ref _healthRequests);

    /// <summary>Gets how many execute requests arrived (attempts, retries included).</summary>
    public int ExecuteRequests => Volatile.Read(ref _executeRequests);

    /// <summary>Gets the task ids of the execute requests, in arrival order.</summary>
    public IReadOnlyList<string> ReceivedTaskIds => [.. _taskIds];

    /// <summary>Gets the <c>traceparent</c> headers of the execute requests.</summary>
    public IReadOnlyList<string> ReceivedTraceParents => [.. _traceParents];

    /// <summary>Gets the <c>Authorization</c> headers of the execute requests.</summary>
    public IReadOnlyList<string?> ReceivedAuthorizations => [.. _authorizations];

    /// <summary>Gets a task that completes when the next execute request arrives (re-armed by <see cref="ArmExecuteSignal"/>).</summary>
    public Task ExecuteReceived => _executeReceived.Task;

    /// <summary>Starts a fake slave on a free loopback port.</summary>
    public static async Task<FakeSlave> StartAsync(Action<FakeSlave>? configure = null)
    {
        var slave = new FakeSlave();
        configure?.Invoke(slave);
        await slave.StartOnAsync(0);
        return slave;
    }

    /// <summary>Makes the next <paramref name="count"/> execute requests answer <paramref name="statusCode"/>.</summary>
    public void FailNextExecutes(int count, HttpStatusCode statusCode = HttpStatusCode.ServiceUnavailable)
    {
        lock (_lock)
        {
            _failuresLeft = count;
            FailureStatus = statusCode;
        }
    }

    /// <summary>Gets the status the next failures answer.</summary>
    public HttpStatusCode FailureStatus { get; private set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>How many execute attempts carried <paramref name="taskId"/>.</summary>
    public int AttemptsOf(string taskId) => _attempts.GetValueOrDefault(taskId);

    /// <summary>How many times <paramref name="taskId"/> was executed (at most once, like a real slave).</summary>
    public int ExecutionsOf(string taskId) => _executions.GetValueOrDefault(taskId);

    /// <summary>Re-arms <see cref="ExecuteReceived"/>.</summary>
    public void ArmExecuteSignal() => _executeReceived = NewSignal();

    /// <summary>Stops listening: hanging requests are aborted, and the port then refuses connections.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        if (app is null)
        {
            return;
        }

        _app = null;
        await _stopping.CancelAsync();
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(grace.Token);
        }

        await app.DisposeAsync();
    }

    /// <summary>Starts listening again on the same port.</summary>
    public Task RestartAsync() => StartOnAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task StartOnAsync(int port)
    {
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/api/health", context => HealthAsync(context, "health.json"));
        app.MapGet("/api/version", context => HealthAsync(context, "version.json"));
        app.MapPost("/api/execute", ExecuteAsync);
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    private async Task HealthAsync(HttpContext context, string fixture)
    {
        Interlocked.Increment(ref _healthRequests);
        if (!await ReactAsync(context, HealthBehavior))
        {
            return;
        }

        var body = WireFixtures.ReadObject(fixture);
        if (Commit is not null)
        {
            body["commit"] = Commit;
        }

        if (fixture == "health.json")
        {
            if (HealthStatus is not null)
            {
                body["status"] = HealthStatus;
            }

            body["execution_methods"]!["docker"] = HasDocker;
            if (RunningTasks is { } running)
            {
                body["running_tasks"] = running;
            }

            if (MaxConcurrentTasks is { } maximum)
            {
                body["max_concurrent_tasks"] = maximum;
            }

            if (Capabilities is not null)
            {
                body["capabilities"] = new JsonArray([.. Capabilities.Select(capability => JsonValue.Create(capability))]);
            }
        }

        await WriteJsonAsync(context, HttpStatusCode.OK, body.ToJsonString());
    }

    private async Task ExecuteAsync(HttpContext context)
    {
        Interlocked.Increment(ref _executeRequests);
        var authorization = context.Request.Headers.Authorization.ToString();
        _authorizations.Enqueue(authorization.Length == 0 ? null : authorization);
        if (context.Request.Headers.TryGetValue("traceparent", out var traceParent))
        {
            _traceParents.Enqueue(traceParent.ToString());
        }

        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var taskId = request?["task_id"]?.GetValue<string>() ?? string.Empty;
        _taskIds.Enqueue(taskId);
        _attempts.AddOrUpdate(taskId, 1, (_, count) => count + 1);
        _executeReceived.TrySetResult();

        if (RequiredToken is not null && authorization != $"Bearer {RequiredToken}")
        {
            await WriteJsonAsync(context, HttpStatusCode.Unauthorized, WireFixtures.Read("execute-401.json"));
            return;
        }

        if (string.IsNullOrEmpty(request?["command"]?.GetValue<string>()))
        {
            await WriteJsonAsync(context, HttpStatusCode.BadRequest, WireFixtures.Read("execute-400.json"));
            return;
        }

        lock (_lock)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                context.Response.StatusCode = (int)FailureStatus;
                context.Response.ContentType = "application/json";
                return;
            }
        }

        if (!await ReactAsync(context, ExecuteBehavior))
        {
            return;
        }

        _executions.AddOrUpdate(taskId, 1, (_, count) => count);
        await WriteJsonAsync(context, HttpStatusCode.OK, WireFixtures.Read(ExecuteFixture));
    }

    /// <summary>Applies a failure behaviour; returns true when the endpoint should answer normally.</summary>
    private async Task<bool> ReactAsync(HttpContext context, FakeSlaveBehavior behavior)
    {
        switch (behavior)
        {
            case FakeSlaveBehavior.Hang:
                try
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                    await Task.Delay(Timeout.Infinite, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                }

                return false;
            case FakeSlaveBehavior.Abort:
                context.Abort();
                return false;
            case FakeSlaveBehavior.Fail:
                await WriteJsonAsync(context, HttpStatusCode.InternalServerError, "{\"error\":\"fake failure\"}");
                return false;
            default:
                return true;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode status, string json)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
