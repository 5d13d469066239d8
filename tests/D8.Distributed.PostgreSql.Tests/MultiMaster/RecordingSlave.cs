using System.Collections.Concurrent;
using D8.Distributed.Slave;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// A real slave (<c>AddD8Slave</c> + <c>MapD8SlaveApi</c>, Kestrel on 127.0.0.1, real processes) that knows which master
/// called it: the health check carries no token, so each connection is traced to the process that opened it (its
/// client socket, found in Linux's <c>/proc</c>). The test sees, per master, the health checks, executions and
/// cancellations it sent.
/// </summary>
public sealed class RecordingSlave : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<IReadOnlyDictionary<int, string>> _processes;
    private readonly ConcurrentDictionary<string, string> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Caller, string Method, string Path)> _calls = new();

    private readonly string _token;

    private RecordingSlave(WebApplication app, string token, Func<IReadOnlyDictionary<int, string>> processes)
    {
        _app = app;
        _token = token;
        _processes = processes;
    }

    /// <summary>Gets the port the slave listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Starts a slave whose callers are named by <paramref name="processes"/> (process id → name, read at each new connection).</summary>
    public static async Task<RecordingSlave> StartAsync(string token, string commit, string version, int maxConcurrentTasks, Func<IReadOnlyDictionary<int, string>> processes)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(options =>
        {
            options.AuthToken = token;
            options.Commit = commit;
            options.Version = version;
            options.MaxConcurrentTasks = maxConcurrentTasks;
            options.MaxQueuedTasks = maxConcurrentTasks;
            options.PythonExecutable = Requirements.Python3();
            options.ProbeTimeout = TimeSpan.FromMinutes(2);
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
        });
        var app = builder.Build();
        var slave = new RecordingSlave(app, token, processes);
        app.Use(slave.RecordAsync);
        app.MapD8SlaveApi();
        await app.StartAsync();
        slave.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return slave;
    }

    /// <summary>How many calls of <paramref name="method"/> on paths starting with <paramref name="pathPrefix"/> each caller made.</summary>
    public IReadOnlyDictionary<string, int> CallsByCaller(string method, string pathPrefix) =>
        _calls.Where(call => call.Method == method && call.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .GroupBy(call => call.Caller)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    public override string ToString() => string.Join(", ", _calls.GroupBy(call => $"{call.Caller} {call.Method} {call.Path}").Select(group => $"{group.Key} x{group.Count()}"));

    /// <summary>Whether the slave itself says task <paramref name="taskId"/> is running (<c>GET /api/tasks/{id}</c>).</summary>
    public async Task<bool> IsRunningAsync(string taskId)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/tasks/{Uri.EscapeDataString(taskId)}");
        request.Headers.Authorization = new("Bearer", _token);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"status\":\"running\"", StringComparison.Ordinal);
    }

    /// <summary>Forgets the calls recorded so far.</summary>
    public void Reset() => _calls.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task RecordAsync(HttpContext context, Func<Task> next)
    {
        var caller = _connections.GetOrAdd(context.Connection.Id, _ => ClientSockets.Owner(context.Connection.RemotePort, Port, _processes()) ?? "unknown");
        _calls.Enqueue((caller, context.Request.Method, context.Request.Path.Value ?? string.Empty));
        return next();
    }
}
