using System.Globalization;
using System.Net;
using D8.Distributed.Contracts;
using D8.Testing.PostgreSql;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// The database stopped under two running <c>d8-master run</c> processes (on a PostgreSQL cluster of this test's own,
/// so the other tests' shared server never goes): the API answers 503 naming the unreachable server, nothing is lost,
/// and both recover when it is back.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const int TasksBefore = 12;

    [Fact]
    public async Task DatabaseStoppedUnderRunningMasters_Api503WithClearMessage_NothingLost_RecoversWhenBack()
    {
        await using var server = await PostgreSqlServer.StartDedicatedAsync();
        await using var pair = await MasterPair.StartAsync(slaveSlots: 4, server: server);
        var leader = await pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = pair.Other(leader);
        var file = Path.Combine(pair.Scratch, "outage.txt");

        // Before: a human request and tasks through both masters (4 slots, 1 s each), so that at the stop some run on
        // the slave and some wait in the queue; retryable once, as a task claimed but never sent runs again (still once).
        var request = await follower.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "other", Title = "Before the outage", CreatedBy = "outage-test" });
        var before = Enumerable.Range(0, TasksBefore).Select(i => $"outage-before-{i:D2}").ToList();
        for (var i = 0; i < before.Count; i++)
        {
            await (i % 2 == 0 ? leader : follower).Client.SubmitTaskAsync(SideEffects.Task(before[i], file, sleepSeconds: 1, maxRetries: 1));
        }

        await Poll.UntilAsync(() => SideEffects.Read(file).Count >= 1, $"the first task to finish\n{pair}", TimeSpan.FromSeconds(60));

        await server.StopAsync();

        // During: every call that needs the store is a 503 whose message names the unreachable server; /healthz still
        // answers (200) and says the store is unavailable; the leader steps down, so no master leads.
        var unreachable = string.Create(CultureInfo.InvariantCulture, $"the database server at 127.0.0.1:{server.Port} is unreachable");
        var submit = await Assert.ThrowsAsync<D8MasterApiException>(() => leader.Client.SubmitTaskAsync(SideEffects.Task("outage-during", file)));
        var list = await Assert.ThrowsAsync<D8MasterApiException>(() => follower.Client.ListRequestsAsync());
        var listTasks = await Assert.ThrowsAsync<D8MasterApiException>(() => follower.Client.ListTasksAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listTasks.StatusCode);
        Assert.Contains("The task store in PostgreSQL 127.0.0.1:", submit.Message, StringComparison.Ordinal);
        Assert.Contains(unreachable, submit.Message, StringComparison.Ordinal);
        Assert.Contains("The human requests in PostgreSQL 127.0.0.1:", list.Message, StringComparison.Ordinal);
        Assert.Contains(unreachable, list.Message, StringComparison.Ordinal);
        Assert.Contains(unreachable, listTasks.Message, StringComparison.Ordinal);

        await Poll.UntilAsync(
            async () =>
            {
                var health = await Task.WhenAll(pair.Masters.Values.Select(master => master.Client.GetHealthAsync()));
                return health.All(h => h is { Status: "degraded", Store: "unavailable", Role: "follower" } && h.StoreError!.Contains(unreachable, StringComparison.Ordinal));
            },
            $"both masters to report the store unavailable and follow (the leader stepping down)\n{pair}",
            TimeSpan.FromSeconds(20));
        // The role flips before the warning (stderr) is logged, and the output is read asynchronously: awaited, not assumed.
        await Poll.UntilAsync(() => leader.Process.Error.Contains("lost the leader lease", StringComparison.Ordinal), $"the leader to log that it stepped down\n{pair}", TimeSpan.FromSeconds(10));

        await server.StartAsync();

        // After: the API answers again, one master leads again, and a task submitted now runs too.
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await follower.Client.SubmitTaskAsync(SideEffects.Task("outage-after", file));
                    return true;
                }
                catch (D8MasterApiException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    return false;
                }
            },
            $"the API to accept tasks again\n{pair}",
            TimeSpan.FromSeconds(30));
        var newLeader = await pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var health = await newLeader.Client.GetHealthAsync();
        Assert.Equal(("ok", "ok", null), (health.Status, health.Store, health.StoreError));

        var ids = before.Append("outage-after").ToList();
        var finished = new List<TaskResponse>();
        foreach (var id in ids)
        {
            finished.Add(await newLeader.Client.WaitForTaskAsync(id, TimeSpan.FromSeconds(90)));
        }

        var notSucceeded = finished.Where(task => !task.Succeeded).Select(task => $"{task.TaskId}: {task.Status} {task.Reason}").ToList();
        Assert.True(notSucceeded.Count == 0, $"{string.Join("\n", notSucceeded)}\n{pair}");
        SideEffects.AssertEachOnce(file, ids, pair);

        // Nothing lost, nothing invented: the request is still there, the task refused with 503 was never stored.
        Assert.Equal("pending", (await leader.Client.GetRequestAsync(request.RequestId)).Status);
        var refused = await Assert.ThrowsAsync<D8MasterApiException>(() => leader.Client.GetTaskAsync("outage-during"));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
