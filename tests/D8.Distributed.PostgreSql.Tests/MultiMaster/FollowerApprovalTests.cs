using D8.Distributed.Contracts;
using D8.HumanRequests;
using D8.Testing.PostgreSql;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// A decision taken on the follower's API reaches a waiter in the leader's process: the leader is the test's own
/// in-process master (so the test holds its <see cref="IHumanRequestManager"/>), the follower a real
/// <c>d8-master run</c> process on the same database.
/// </summary>
public sealed class FollowerApprovalTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-follower-approval");

    [Fact]
    public async Task ApproveOnTheFollowersApi_WakesWaitForDecisionInTheLeadersProcess()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var leader = await InProcessMaster.StartAsync(connectionString, _data.Combine("leader"));
        await Poll.UntilAsync(async () => (await leader.Client.GetHealthAsync()).Role == "leader", $"the in-process master to lead\n{leader}", TimeSpan.FromSeconds(30));
        MasterPair.Master? follower = null;
        try
        {
            follower = await MasterPair.StartProcessAsync("follower", connectionString, _data.Combine("follower"), settings: null, started: master => follower = master);
            Assert.Equal("follower", (await follower.Client.GetHealthAsync()).Role);
            Assert.Equal("leader", (await leader.Client.GetHealthAsync()).Role);

            var request = await leader.Requests.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Payment, Title = "Dominio", EstimatedCost = 12m, CreatedBy = "follower-approval-test" });
            var waiting = leader.Requests.WaitForDecisionAsync(request.Id, TimeSpan.FromSeconds(10));
            Assert.False(waiting.IsCompleted, $"the waiter returned before any decision: {waiting.Status}");

            var approved = await follower.Client.ApproveRequestAsync(request.Id, new HumanRequestDecisionRequest { Note = "from the follower" });
            Assert.Equal("approved", approved.Status);

            // The waiter's own 10 s timeout is the deadline: on timeout it returns the request still pending.
            var decided = await waiting;
            Assert.True(decided.Status == HumanRequestStatus.Approved, $"the leader's waiter returned {decided.Status}\n{leader}\n--- d8-master follower\n{follower.Process}");
            Assert.Equal("api", decided.History[^1].Actor);
            Assert.Equal("from the follower", decided.History[^1].Note);
        }
        finally
        {
            if (follower is not null)
            {
                await follower.DisposeAsync();
            }
        }
    }

    public void Dispose() => _data.Dispose();
}
