using System.Globalization;
using System.Net;
using D8.Distributed.Contracts;
using D8.Testing.PostgreSql;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// The store-unavailable answers of the master API, in process (real Kestrel, real PostgreSQL of the test's own that it
/// stops): each store's failure is a 503 with the store's message, <c>/healthz</c> says the store is unavailable, and
/// the master leads and answers again once the server is back.
/// </summary>
public sealed class InProcessOutageTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-inprocess-outage");

    [Fact]
    public async Task DatabaseStopped_EachStoresCallIs503NamingTheServer_HealthzSaysUnavailable_BackWhenItReturns()
    {
        await using var server = await PostgreSqlServer.StartDedicatedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var master = await InProcessMaster.StartAsync(connectionString, _data.Path);
        await Poll.UntilAsync(async () => (await master.Client.GetHealthAsync()).Role == "leader", $"the master to lead\n{master}", TimeSpan.FromSeconds(30));
        var request = await master.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "other", Title = "Kept", CreatedBy = "outage-test" });
        Assert.Equal(("ok", "ok", null), await StoreAsync(master));

        await server.StopAsync();

        var unreachable = string.Create(CultureInfo.InvariantCulture, $"cannot be used: the database server at 127.0.0.1:{server.Port} is unreachable (");
        var calls = new (string What, Func<Task> Call, string Store)[]
        {
            ("POST /api/v1/tasks", () => master.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass", TaskId = "during" }), "The task store in PostgreSQL"),
            ("GET /api/v1/tasks", () => master.Client.ListTasksAsync(), "The task store in PostgreSQL"),
            ("GET /api/v1/requests", () => master.Client.ListRequestsAsync(), "The human requests in PostgreSQL"),
            ("POST /api/v1/requests/{id}/approve", () => master.Client.ApproveRequestAsync(request.RequestId), "The human requests in PostgreSQL"),
            ("POST /api/v1/slaves", () => master.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "pc", Host = "127.0.0.1", Port = 1 }), "The slave registry in PostgreSQL"),
        };
        foreach (var (what, call, store) in calls)
        {
            var error = await Assert.ThrowsAsync<D8MasterApiException>(call);
            Assert.True(error.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)error.StatusCode} {error.Message}");
            Assert.StartsWith(store, error.Message, StringComparison.Ordinal);
            Assert.Contains(unreachable, error.Message, StringComparison.Ordinal);
            Assert.True(error.RetryAfter == TimeSpan.FromSeconds(5), $"{what}: Retry-After {error.RetryAfter}");
        }

        var (status, storeStatus, storeError) = await StoreAsync(master);
        Assert.Equal(("degraded", "unavailable"), (status, storeStatus));
        Assert.Contains(unreachable, storeError, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await master.Client.GetHealthAsync()).Role == "follower", $"the master to step down\n{master}", TimeSpan.FromSeconds(20));
        Assert.Contains("answered 503, a store cannot be used", master.Logs, StringComparison.Ordinal);

        await server.StartAsync();

        await Poll.UntilAsync(async () => (await master.Client.GetHealthAsync()) is { Role: "leader", Store: "ok" }, $"the master to lead again\n{master}", TimeSpan.FromSeconds(30));
        Assert.Equal(("ok", "ok", null), await StoreAsync(master));
        Assert.Equal("pending", (await master.Client.GetRequestAsync(request.RequestId)).Status);
        Assert.Equal("approved", (await master.Client.ApproveRequestAsync(request.RequestId)).Status);
        Assert.Equal("queued", (await master.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass", TaskId = "after" })).Status);
        var never = await Assert.ThrowsAsync<D8MasterApiException>(() => master.Client.GetTaskAsync("during"));
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
    }

    public void Dispose() => _data.Dispose();

    private static async Task<(string Status, string Store, string? StoreError)> StoreAsync(InProcessMaster master)
    {
        var health = await master.Client.GetHealthAsync();
        return (health.Status, health.Store, health.StoreError);
    }
}
