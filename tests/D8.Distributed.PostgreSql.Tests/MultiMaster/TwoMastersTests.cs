using System.Diagnostics;
using D8.Distributed.Contracts;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>Two real <c>d8-master run</c> processes on one PostgreSQL database, both left running.</summary>
public sealed class TwoMastersTests(TwoMastersFixture fixture) : IClassFixture<TwoMastersFixture>
{
    private MasterPair Pair => fixture.Pair;

    [Fact]
    public async Task TwoMasters_OnlyTheLeaderPollsTelegramAndChecksSlaves()
    {
        var leader = await Pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = Pair.Other(leader);
        Pair.Slave.Reset();
        var polls = leader.Telegram.CountCalls("getUpdates");

        // Several health intervals (1 s) and Telegram long polls (1 s) of the leader.
        await Poll.UntilAsync(
            () => Pair.Slave.CallsByCaller("GET", "/api/health").GetValueOrDefault(leader.Name) >= 3 && leader.Telegram.CountCalls("getUpdates") >= polls + 3,
            $"the leader ({leader}) to check the slave and poll Telegram\n{Pair}",
            TimeSpan.FromSeconds(30));

        Assert.Equal(0, Pair.Slave.CallsByCaller("GET", "/api/health").GetValueOrDefault(follower.Name));
        Assert.Equal(0, follower.Telegram.CountCalls("getUpdates"));
        Assert.Equal("follower", (await follower.Client.GetHealthAsync()).Role);
    }

    [Fact]
    public async Task HundredTasks_HalfThroughEachMaster_AllCompleteExactlyOnce()
    {
        var file = Path.Combine(Pair.Scratch, "hundred.txt");
        var masters = Pair.Masters.Values.ToList();
        var ids = Enumerable.Range(0, 100).Select(i => $"hundred-{i:D3}").ToList();

        // Half through each master, all at once; each waited for on the master it was queued on.
        var finished = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var master = masters[i % 2];
            await master.Client.SubmitTaskAsync(SideEffects.Task(id, file));
            return await master.Client.WaitForTaskAsync(id, TimeSpan.FromSeconds(90));
        }));

        var notSucceeded = finished.Where(task => !task.Succeeded).Select(task => $"{task.TaskId}: {task.Status} {task.Reason}").ToList();
        Assert.True(notSucceeded.Count == 0, $"{string.Join("\n", notSucceeded)}\n{Pair}");
        SideEffects.AssertEachOnce(file, ids, Pair);
        Assert.All(finished, task => Assert.Equal(1, task.Attempts));
    }

    [Fact]
    public async Task TaskQueuedOnFollower_LeaderStartsItAtOnce_AndTheFollowersWaiterSeesItFinish()
    {
        var leader = await Pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = Pair.Other(leader);
        var file = Path.Combine(Pair.Scratch, "follower-wait.txt");

        var clock = Stopwatch.StartNew();
        var queued = await follower.Client.SubmitTaskAsync(SideEffects.Task("follower-wait", file));
        var task = await follower.Client.WaitForTaskAsync(queued.TaskId, TimeSpan.FromSeconds(25));
        var waited = clock.Elapsed;

        // The queue polls every 30 s: within seconds, only the change feed can have woken the leader and the waiter.
        Assert.True(task.Succeeded, $"{task.Status} {task.Reason}\n{Pair}");
        Assert.True(task.StartedAt - task.QueuedAt < TimeSpan.FromSeconds(1.5), $"queued {task.QueuedAt:O}, started {task.StartedAt:O}\n{Pair}");
        Assert.True(waited < TimeSpan.FromSeconds(10), $"the follower's wait returned after {waited}\n{Pair}");
        Assert.Equal(["follower-wait"], SideEffects.Read(file));
    }

    [Fact]
    public async Task RunningTaskCancelledOnFollower_TheLeaderKillsItOnTheSlave()
    {
        var leader = await Pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = Pair.Other(leader);
        var file = Path.Combine(Pair.Scratch, "cancelled.txt");
        var queued = await follower.Client.SubmitTaskAsync(SideEffects.Task("cancel-me", file, sleepSeconds: 60));
        await Poll.UntilAsync(
            async () => (await follower.Client.GetTaskAsync(queued.TaskId)).Status == "running",
            $"the task to run\n{Pair}",
            TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        var outcome = await follower.Client.CancelTaskAsync(queued.TaskId);
        Assert.True(outcome.Cancelled, outcome.ToString());
        var cancelPath = $"/api/tasks/{queued.TaskId}/cancel";
        await Poll.UntilAsync(
            () => Pair.Slave.CallsByCaller("POST", cancelPath).GetValueOrDefault(leader.Name) == 1,
            $"the leader ({leader}) to ask the slave to kill the task\n{Pair}",
            TimeSpan.FromSeconds(10));

        // The slave's answer (killed) reaches the leader's runner, which keeps the cancellation as the final state.
        var final = await follower.Client.WaitForTaskAsync(queued.TaskId, TimeSpan.FromSeconds(20));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}\n{Pair}");
        Assert.Equal("cancelled", final.Status);
        Assert.Equal(0, Pair.Slave.CallsByCaller("POST", cancelPath).GetValueOrDefault(follower.Name));
        Assert.Empty(SideEffects.Read(file));
    }
}
