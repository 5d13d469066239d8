using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using D8.Dashboard;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.Distributed.PostgreSql;
using D8.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Benchmarks;

/// <summary>
/// The master API's submit target (§9, §10): <c>POST /api/v1/tasks</c> accepted and durably queued in ≤ 2 ms p50, on a
/// real Kestrel host as <c>d8-master run</c> builds it (AddD8Master with the default SQLite store, synchronous=FULL,
/// AddD8Dashboard, MapD8MasterApi, an operator token), over one keep-alive loopback connection.
/// </summary>
internal static class ApiBenchmarks
{
    private const string Commit = "bench-api";
    private const string ApiToken = "bench-operator-token-0123456789";

    /// <param name="harness">The harness.</param>
    /// <param name="postgreSqlConnectionString">The task store: PostgreSQL at this connection string (UsePostgreSql), or SQLite when null.</param>
    public static async Task RunAsync(Harness harness, string? postgreSqlConnectionString = null)
    {
        var storeName = postgreSqlConnectionString is null ? "SQLite" : "PostgreSQL";
        Console.WriteLine();
        Console.WriteLine(postgreSqlConnectionString is null
            ? "Master API (real Kestrel, SQLite task store, synchronous=FULL, bearer token, keep-alive loopback)"
            : "Master API (real Kestrel, PostgreSQL task store on loopback, fsync on, bearer token, keep-alive loopback)");
        var python = await SlaveBenchmarks.RealInterpreterAsync(Requirements.Python3());
        await using var slave = await LoopbackSlave.StartAsync(Commit, python);
        using var data = new TempDirectory("d8-bench-api");
        await using var app = await StartMasterAsync(data.Path, slave, postgreSqlConnectionString);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        var queue = app.Services.GetRequiredService<ITaskQueue>();

        // Each round: one timed POST (202 = stored), then the task is awaited untimed so the queue never grows and
        // the dispatch of the previous task does not overlap the next submit.
        var rounds = harness.Quick ? 60 : 500;
        var submits = new List<double>(rounds);
        for (var i = -20; i < rounds; i++)
        {
            using var body = new StringContent("""{"command":"pass","method":"python","task_type":"bench"}""", System.Text.Encoding.UTF8, "application/json");
            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative), body);
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/v1/tasks answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var taskId = json.RootElement.GetProperty("task_id").GetString() ?? throw new InvalidOperationException("202 without a task_id");
            var done = await queue.WaitAsync(taskId, TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException($"task {taskId} vanished");
            if (done.Status != D8TaskStatus.Succeeded)
            {
                // Exit code 143 (128 + SIGTERM) with no error text means the task's python got a SIGTERM from outside
                // the slave (which kills with SIGKILL and then says so): for example a `timeout` or a job control that
                // signals this benchmark's whole process group (docs/performance.md, "API submit on PostgreSQL").
                var ran = done.FinishedAt - done.StartedAt;
                throw new InvalidOperationException(
                    $"task {taskId} ended {done.Status} after {ran?.TotalSeconds:0.00} s, exit code {done.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {done.Error}{done.Reason}");
            }

            if (i >= 0)
            {
                submits.Add(elapsed);
            }
        }

        var stats = Harness.Stats.From([.. submits]);
        harness.Report($"API submit: POST /api/v1/tasks -> 202 (durable, {storeName})", "≤ 2 ms p50", stats.Describe(), stats.P50 <= 2);
    }

    private static async Task<WebApplication> StartMasterAsync(string dataDirectory, LoopbackSlave slave, string? postgreSqlConnectionString)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = dataDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        var master = builder.Services.AddD8Master(options =>
        {
            options.Token = LoopbackSlave.Token;
            options.ApiToken = ApiToken;
            options.DataDirectory = dataDirectory;
            options.Commit = Commit;
            options.Slaves["api"] = new D8SlaveEndpointOptions { Host = slave.BaseAddress.Host, Port = slave.BaseAddress.Port };
        });
        if (postgreSqlConnectionString is not null)
        {
            master.UsePostgreSql(postgreSqlConnectionString);
        }
        builder.Services.AddD8Dashboard(options =>
        {
            options.Password = "bench password";
            options.Port = 0;
            options.BindAddress = "127.0.0.1";
        });
        var app = builder.Build();
        app.MapD8Dashboard();
        app.MapD8MasterApi();
        await app.StartAsync();
        await app.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();
        return app;
    }
}
