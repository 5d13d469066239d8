using D8.Distributed.Core.Internal;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Monitoring;

public sealed class RecoveryBackoffTests
{
    [Fact]
    public async Task CheckDueAsync_FallenSlave_ReprobedWithGrowingDelaysCappedAtTheInterval_ThenBackToTheInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slave = await FakeSlave.StartAsync(s => s.HealthBehavior = FakeSlaveBehavior.Fail);
        await using var master = new MasterHost(
            options =>
            {
                options.HealthCheckInterval = TimeSpan.FromSeconds(30);
                options.RecoveryProbeDelay = TimeSpan.FromSeconds(5);
                options.Resilience.MaxRetryAttempts = 0;
            },
            timeProvider: time);
        await master.AddAsync("pc", slave);
        var checker = master.Services.GetRequiredService<SlaveHealthChecker>();

        var delays = new List<TimeSpan>();
        for (var probe = 0; probe < 5; probe++)
        {
            await checker.CheckDueAsync(CancellationToken.None);
            var wait = checker.TimeUntilNextProbe();
            delays.Add(wait);
            time.Advance(wait);
        }

        Assert.Equal([5, 10, 20, 30, 30], delays.Select(d => d.TotalSeconds));
        Assert.Equal(SlaveStatus.Unhealthy, master.Registry.Find("pc")!.Status);

        slave.HealthBehavior = FakeSlaveBehavior.Answer;
        time.Advance(TimeSpan.FromSeconds(60)); // past the circuit's break, so the probe reaches the slave
        await checker.CheckDueAsync(CancellationToken.None);

        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("pc")!.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), checker.TimeUntilNextProbe());
    }
}
