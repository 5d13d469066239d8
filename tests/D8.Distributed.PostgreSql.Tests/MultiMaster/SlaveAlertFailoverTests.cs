using D8.Distributed.Contracts;
using D8.Testing.Slaves;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>Slave alerts go through the shared durable outbox: raised by a leader whose Bot API fails, they are sent
/// by the next leader after a SIGKILL, once.</summary>
public sealed class SlaveAlertFailoverTests
{
    private const string DeadSlave = "dead-worker";
    private const string DownTitle = "Esclavo caído";

    [Fact]
    public async Task SlaveDown_LeaderCannotReachTelegramThenIsKilled_TheNewLeaderSendsTheAlertOnce()
    {
        await using var pair = await MasterPair.StartAsync(slaveSlots: 1);
        var leader = await pair.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = pair.Other(leader);
        leader.Telegram.FailNextCalls("sendMessage", int.MaxValue);

        // A slave on a port nobody listens on: the leader's monitor finds it down and raises the alert.
        await leader.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = DeadSlave, Host = "127.0.0.1", Port = DeadEndpoints.RefusingPort() });
        await leader.Telegram.WaitUntilAsync(f => DownCalls(f.Calls) >= 1, $"the leader to try to send the slave-down alert\n{pair}", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(leader.Telegram.Messages, IsDeadSlaveDown);

        await leader.KillAsync();
        var successor = await pair.LeaderAsync(TimeSpan.FromSeconds(10));
        Assert.Same(follower, successor);
        var down = await successor.Telegram.WaitForMessageAsync(
            MasterPair.OwnerChat,
            IsDeadSlaveDown,
            TimeSpan.FromSeconds(30));

        // Two requests notified one after the other: the outbox passes after the delivery are over.
        foreach (var title in new[] { "uno", "dos" })
        {
            var id = (await successor.Client.CreateRequestAsync(Request(title))).RequestId;
            await successor.Telegram.WaitForMessageAsync(MasterPair.OwnerChat, m => m.Text.Contains(id, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }

        Assert.Contains("caído", down.VisibleText, StringComparison.Ordinal);
        Assert.Single(successor.Telegram.Messages, IsDeadSlaveDown);
        Assert.DoesNotContain(leader.Telegram.Messages, IsDeadSlaveDown);
    }

    private static bool IsDeadSlaveDown(D8.Testing.Telegram.FakeChatMessage message) =>
        message.VisibleText.Contains(DownTitle, StringComparison.Ordinal) && message.VisibleText.Contains(DeadSlave, StringComparison.Ordinal);

    private static int DownCalls(IReadOnlyList<D8.Testing.Telegram.FakeBotApiCall> calls) =>
        calls.Count(c => c.Method == "sendMessage" && c.Get("text") is { } text && text.Contains(DownTitle, StringComparison.Ordinal) && text.Contains(DeadSlave, StringComparison.Ordinal));

    private static HumanRequestCreateRequest Request(string title) => new()
    {
        RequestType = "other",
        Title = "Alert failover " + title,
        EstimatedCost = 0,
        Priority = 5,
        CreatedBy = "multimaster-test",
    };
}
