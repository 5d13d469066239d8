using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Telegram.Tests.Internal;

/// <summary>The master's real health monitor checks fake slaves; its events reach Telegram; <c>/slaves</c> reads the
/// real registry.</summary>
public sealed class TelegramSlaveEventForwarderTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    [Fact]
    public async Task Slaves_WithMaster_ShowsStatusCommitAndLastContact()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var bot = await TelegramBotHarness.StartAsync(withMaster: true);
        var registry = bot.Services.GetRequiredService<ISlaveRegistry>();
        await registry.RegisterAsync(new SlaveRegistration("pc-1", slave.Host, slave.Port));
        await registry.RegisterAsync(new SlaveRegistration("vps<&>", "127.0.0.1", DeadEndpoints.RefusingPort()));
        await bot.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAllAsync();

        // The hosted monitor checks new slaves too, at the same time: its "slave down" alert must be in before the
        // command, or it lands among the command's replies.
        await bot.Fake.WaitUntilAsync(f => f.Messages.Any(m => m.ChatId == Owner && m.VisibleText.Contains("Esclavo caído", StringComparison.Ordinal)), "the slave-down alert of vps<&>");
        var reply = await bot.ReplyToAsync(Owner, "/slaves");

        Assert.Contains("Esclavos (2)", reply, StringComparison.Ordinal);
        Assert.Contains("🟢 pc-1 · sano", reply, StringComparison.Ordinal);
        Assert.Contains($"commit {TelegramBotHarness.MasterCommit}", reply, StringComparison.Ordinal);
        Assert.Contains("🔴 vps<&> · caído", reply, StringComparison.Ordinal);
        Assert.Contains("último contacto nunca", reply, StringComparison.Ordinal);
        Assert.Matches(@"último contacto \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", reply);
    }

    [Fact]
    public async Task Slaves_WithoutMaster_SaysTheRegistryIsNotHere()
    {
        await using var bot = await TelegramBotHarness.StartAsync("en");

        var reply = await bot.ReplyToAsync(Owner, "/slaves");

        Assert.Contains("no slave registry", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthMonitor_SlaveGoesDownRecoversAndChangesVersion_EachEventReachesEveryChat()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var bot = await TelegramBotHarness.StartAsync(withMaster: true);
        var monitor = bot.Services.GetRequiredService<ISlaveHealthMonitor>();
        await bot.Services.GetRequiredService<ISlaveRegistry>().RegisterAsync(new SlaveRegistration("pc-1", slave.Host, slave.Port));
        Assert.Equal(SlaveStatus.Healthy, (await monitor.CheckAsync("pc-1")).Status);

        await slave.StopAsync();
        await monitor.CheckAsync("pc-1");
        var down = await bot.Fake.WaitForMessageAsync(TelegramBotHarness.SecondChat, m => m.VisibleText.Contains("Esclavo caído", StringComparison.Ordinal));
        await slave.RestartAsync();
        await monitor.CheckAsync("pc-1");
        var recovered = await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("Esclavo recuperado", StringComparison.Ordinal));
        slave.Commit = "9999999other";
        await monitor.CheckAsync("pc-1");
        var mismatch = await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("otra versión", StringComparison.Ordinal));

        Assert.Contains("pc-1", down.VisibleText, StringComparison.Ordinal);
        Assert.Contains("sano → caído", down.VisibleText, StringComparison.Ordinal);
        Assert.Contains("caído → sano", recovered.VisibleText, StringComparison.Ordinal);
        Assert.Contains("9999999other", mismatch.VisibleText, StringComparison.Ordinal);

        // The events are delivered from the outbox, one chat after the other: wait until it is done with all three.
        var store = bot.Services.GetRequiredService<IHumanRequestStore>();
        await Poll.UntilAsync(async () => (await store.GetUndeliveredAlertsAsync(CancellationToken.None)).Count == 0 && (await store.GetAlertsAsync(CancellationToken.None)).Count == 3, "the three alerts to be delivered");
        Assert.Equal(3, bot.Fake.Messages.Count(m => m.ChatId == Owner));
        Assert.Equal(3, bot.Fake.Messages.Count(m => m.ChatId == TelegramBotHarness.SecondChat));
    }

    [Fact]
    public async Task HealthMonitor_DownNotForwarded_OnlyRecoveryIsSent()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var bot = await TelegramBotHarness.StartAsync("en", withMaster: true, configure: o => o.ForwardSlaveDown = false);
        var monitor = bot.Services.GetRequiredService<ISlaveHealthMonitor>();
        await bot.Services.GetRequiredService<ISlaveRegistry>().RegisterAsync(new SlaveRegistration("pc-1", slave.Host, slave.Port));
        await monitor.CheckAsync("pc-1");

        await slave.StopAsync();
        await monitor.CheckAsync("pc-1");
        await slave.RestartAsync();
        await monitor.CheckAsync("pc-1");
        var recovered = await bot.Fake.WaitForMessageAsync(Owner, m => m.VisibleText.Contains("Slave recovered", StringComparison.Ordinal));

        Assert.Contains("down → healthy", recovered.VisibleText, StringComparison.Ordinal);
        Assert.Single(bot.Fake.Messages, m => m.ChatId == Owner);
    }
}
