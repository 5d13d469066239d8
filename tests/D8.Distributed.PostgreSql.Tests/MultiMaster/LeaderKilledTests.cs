using System.Diagnostics;
using D8.Distributed.Contracts;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>SIGKILL of the leader of two real <c>d8-master run</c> processes while tasks run.</summary>
public sealed class LeaderKilledTests
{
    private const int Tasks = 24;

    [Fact]
    public async Task LeaderSigkilledWhileTasksRun_FollowerLeadsWithin10s_EveryTaskOnce_NoNotificationTwice()
    {
        await using var pair = await MasterPair.StartAsync(slaveSlots: 4);
        var leader = await pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = pair.Other(leader);
        var file = Path.Combine(pair.Scratch, "failover.txt");
        var requests = new List<string>();

        // Human requests through both masters: the leader's outbox notifies each once.
        requests.Add((await leader.Client.CreateRequestAsync(Request("before, on the leader"))).RequestId);
        requests.Add((await follower.Client.CreateRequestAsync(Request("before, on the follower"))).RequestId);
        await Poll.UntilAsync(() => requests.All(id => Notified(pair, id) >= 1), $"the requests to be notified\n{pair}", TimeSpan.FromSeconds(30));

        // Tasks through both masters (4 slots, 0.5 s each once the gate opens: about 3 s of work), retryable once, as a
        // task the dying leader claimed but never sent must run again (and still exactly once). The gate holds the first
        // four on the slave until the leader is dead, so the kill always finds tasks running there (on a loaded machine
        // an ungated queue could drain between the test's look and the kill).
        var gate = Path.Combine(pair.Scratch, "gate");
        var ids = Enumerable.Range(0, Tasks).Select(i => $"failover-{i:D2}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await (i % 2 == 0 ? leader : follower).Client.SubmitTaskAsync(SideEffects.Task(ids[i], file, sleepSeconds: 0.5, maxRetries: 1, gate: gate));
        }

        List<string> running = [];
        await Poll.UntilAsync(
            async () =>
            {
                running = (await follower.Client.ListTasksAsync(status: "running")).Tasks.Select(task => task.TaskId).ToList();
                if (running.Count < pair.SlaveSlots)
                {
                    return false;
                }

                foreach (var id in running)
                {
                    if (!await pair.Slave.IsRunningAsync(id))
                    {
                        return false;
                    }
                }

                return true;
            },
            $"the slave to run {pair.SlaveSlots} tasks (running in the store: {string.Join(", ", running)})\n{pair}",
            TimeSpan.FromSeconds(60));
        Assert.Empty(SideEffects.Read(file));

        var clock = Stopwatch.StartNew();
        await leader.KillAsync();
        var successor = await pair.LeaderAsync(TimeSpan.FromSeconds(10));
        var takeover = clock.Elapsed;
        Assert.Same(follower, successor);
        Assert.True(takeover <= TimeSpan.FromSeconds(10), $"took over after {takeover}\n{pair}");

        requests.Add((await successor.Client.CreateRequestAsync(Request("after, on the new leader"))).RequestId);
        SideEffects.Open(gate);

        // The queue moves on: every task ends, the ones left running are rejoined, none runs twice.
        var finished = new List<TaskResponse>();
        foreach (var id in ids)
        {
            finished.Add(await successor.Client.WaitForTaskAsync(id, TimeSpan.FromSeconds(60)));
        }

        var notSucceeded = finished.Where(task => !task.Succeeded).Select(task => $"{task.TaskId}: {task.Status} {task.Reason}").ToList();
        Assert.True(notSucceeded.Count == 0, $"{string.Join("\n", notSucceeded)}\n{pair}");
        SideEffects.AssertEachOnce(file, ids, pair);
        foreach (var id in running)
        {
            Assert.True(successor.Process.Output.Contains($"Task {id} rejoined on slave", StringComparison.Ordinal), $"{id}, running on the slave at the kill, was not rejoined by the new leader\n{pair}");
        }

        // Every notification once, across both masters' bots (the dead leader's and the new one's).
        await Poll.UntilAsync(() => requests.All(id => Notified(pair, id) >= 1), $"the last request to be notified\n{pair}", TimeSpan.FromSeconds(30));
        foreach (var id in requests)
        {
            Assert.True(Notified(pair, id) == 1, $"{id} was notified {Notified(pair, id)} times\n{pair}");
        }
    }

    private static HumanRequestCreateRequest Request(string title) => new()
    {
        RequestType = "other",
        Title = "Failover " + title,
        EstimatedCost = 0,
        Priority = 5,
        CreatedBy = "multimaster-test",
    };

    private static int Notified(MasterPair pair, string requestId) =>
        pair.Masters.Values.Sum(master => master.Telegram.Messages.Count(message => message.ChatId == MasterPair.OwnerChat && message.Text.Contains(requestId, StringComparison.Ordinal)));
}
