using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Distributed.Contracts;
using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace D8.Distributed.Core.Tests.Client;

public sealed class SlaveClientTests
{
    [Fact]
    public async Task GetHealthAsync_FiveConsecutiveFailures_OpensOnlyThatSlavesBreaker()
    {
        await using var a = await FakeSlave.StartAsync(s => s.HealthBehavior = FakeSlaveBehavior.Fail);
        await using var b = await FakeSlave.StartAsync();
        await using var master = new MasterHost(options => options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(5));
        var slaveA = await master.AddAsync("a", a);
        var slaveB = await master.AddAsync("b", b);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        // 3 attempts, then 2 more: the fifth consecutive failure opens A's breaker and the sixth attempt never leaves.
        await Assert.ThrowsAsync<SlaveTransportException>(() => client.GetHealthAsync(slaveA, CancellationToken.None));
        Assert.Equal(3, a.HealthRequests);
        Assert.Equal("healthy", (await client.GetHealthAsync(slaveB, CancellationToken.None)).Status);
        var opened = await Assert.ThrowsAsync<SlaveTransportException>(() => client.GetHealthAsync(slaveA, CancellationToken.None));
        Assert.Equal(5, a.HealthRequests);

        var rejected = await Assert.ThrowsAsync<SlaveTransportException>(() => client.GetHealthAsync(slaveA, CancellationToken.None));
        Assert.IsType<BrokenCircuitException>(rejected.InnerException, exactMatch: false);
        Assert.Contains("circuit breaker is open", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(5, a.HealthRequests);

        // B keeps working while A's circuit is open.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("healthy", (await client.GetHealthAsync(slaveB, CancellationToken.None)).Status);
        }

        Assert.NotNull(opened);
    }

    [Fact]
    public async Task ExecuteAsync_503TwiceThen200_ExecutesOnceInThreeAttempts()
    {
        await using var slave = await FakeSlave.StartAsync();
        slave.FailNextExecutes(2);
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var response = await client.ExecuteAsync(info, new ExecuteRequest { Command = "print(6*7)", TaskId = "t-503" }, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(response.Success);
        Assert.Equal("42\n", response.Output);
        Assert.Equal(3, slave.AttemptsOf("t-503"));
        Assert.Equal(1, slave.ExecutionsOf("t-503"));
    }

    [Fact]
    public async Task ExecuteAsync_PostWithoutTaskId_IsNotRetried()
    {
        await using var slave = await FakeSlave.StartAsync();
        slave.FailNextExecutes(1);
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var error = await Assert.ThrowsAsync<SlaveTransportException>(
            () => client.ExecuteAsync(info, new ExecuteRequest { Command = "print(1)" }, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, slave.ExecuteRequests);
    }

    [Fact]
    public async Task ExecuteAsync_WrongToken_ThrowsRequestExceptionWithTheSlavesErrorAndDoesNotRetry()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.RequiredToken = "other-token");
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var error = await Assert.ThrowsAsync<SlaveRequestException>(
            () => client.ExecuteAsync(info, new ExecuteRequest { Command = "print(1)", TaskId = "t-401" }, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("Unauthorized", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, slave.ExecuteRequests);
    }

    [Fact]
    public async Task ExecuteAsync_SendsTheSharedTokenAsBearer()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.RequiredToken = MasterHost.Token);
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var response = await client.ExecuteAsync(info, new ExecuteRequest { Command = "print(6*7)", TaskId = "t" }, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(response.Success);
        Assert.Equal($"Bearer {MasterHost.Token}", Assert.Single(slave.ReceivedAuthorizations));
    }

    [Fact]
    public async Task GetVersionAsync_OldSlave_ReadsTheFixtureVersion()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var version = await client.GetVersionAsync(info, CancellationToken.None);

        Assert.Equal(new D8VersionInfo("abc1234def", "1.0.0", "main"), version);
    }

    [Fact]
    public async Task ExecuteAsync_SlaveHangsLongerThanTheAttemptTimeout_ThrowsTransportAfterRetries()
    {
        await using var slave = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Hang);
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var error = await Assert.ThrowsAsync<SlaveTransportException>(
            () => client.ExecuteAsync(info, new ExecuteRequest { Command = "print(1)", TaskId = "t-hang" }, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Contains("in time", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, slave.AttemptsOf("t-hang"));
        Assert.Equal(SlaveStatus.Unknown, master.Registry.Find("pc")!.Status);
    }
}
