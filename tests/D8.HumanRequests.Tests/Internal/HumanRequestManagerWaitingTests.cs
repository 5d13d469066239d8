using D8.HumanRequests.Tests.Support;
using D8.Testing;

namespace D8.HumanRequests.Tests.Internal;

public sealed class HumanRequestManagerWaitingTests
{
    // A real-time guard so a broken wait fails the test instead of hanging the run.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WaitForDecisionAsync_ApprovedFromAnotherThread_CompletesWithTheApprovedRequest()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());

        var wait = host.Manager.WaitForDecisionAsync(request.Id, Timeout.InfiniteTimeSpan);
        Assert.False(wait.IsCompleted);
        await Task.Run(() => host.Manager.ApproveAsync(request.Id, "telegram:123456", "sí"));
        var decided = await wait.WaitAsync(Guard);

        Assert.Equal(HumanRequestStatus.Approved, decided.Status);
        Assert.Equal("telegram:123456", decided.History[^1].Actor);
    }

    [Fact]
    public async Task WaitForDecisionAsync_PostponedThenRejected_KeepsWaitingThroughThePostponement()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());
        var wait = host.Manager.WaitForDecisionAsync(request.Id, TimeSpan.FromDays(7));

        await host.Manager.PostponeAsync(request.Id, TimeSpan.FromHours(1), "telegram:1");
        Assert.False(wait.IsCompleted);
        await host.Manager.RejectAsync(request.Id, "telegram:1", "no");

        Assert.Equal(HumanRequestStatus.Rejected, (await wait.WaitAsync(Guard)).Status);
    }

    [Fact]
    public async Task WaitForDecisionAsync_Timeout_ReturnsTheStillPendingRequest()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());

        var wait = host.Manager.WaitForDecisionAsync(request.Id, TimeSpan.FromHours(1));
        host.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(wait.IsCompleted);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var result = await wait.WaitAsync(Guard);

        Assert.Equal(HumanRequestStatus.Pending, result.Status);
        Assert.Equal(request.Id, result.Id);
    }

    [Fact]
    public async Task WaitForDecisionAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());
        using var cts = new CancellationTokenSource();

        var wait = host.Manager.WaitForDecisionAsync(request.Id, Timeout.InfiniteTimeSpan, cts.Token);
        Assert.False(wait.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Guard));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Manager.WaitForDecisionAsync(request.Id, TimeSpan.FromHours(1), cts.Token));
    }

    [Fact]
    public async Task WaitForDecisionAsync_AlreadyDecided_ReturnsAtOnce()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var request = await host.Manager.CreateAsync(Requests.Domain());
        await host.Manager.CancelAsync(request.Id, "cli");

        var result = await host.Manager.WaitForDecisionAsync(request.Id, TimeSpan.FromHours(1)).WaitAsync(Guard);

        Assert.Equal(HumanRequestStatus.Cancelled, result.Status);
    }

    [Fact]
    public async Task WaitForDecisionAsync_UnknownId_ThrowsNotFound()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        await Assert.ThrowsAsync<HumanRequestNotFoundException>(() => host.Manager.WaitForDecisionAsync("req-0404", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task WaitForDecisionAsync_ApprovedByAnotherProcess_CompletesAtTheNextPoll()
    {
        using var dir = new TempDirectory();
        var clock = TestHost.NewClock();
        await using var master = await TestHost.StartAsync(dir.Path, clock, o => o.PollInterval = TimeSpan.FromMinutes(1));
        await using var cli = await TestHost.StartAsync(dir.Path, clock, runHostedServices: false);
        var request = await master.Manager.CreateAsync(Requests.Domain());
        var wait = master.Manager.WaitForDecisionAsync(request.Id, TimeSpan.FromDays(1));

        await cli.Manager.ApproveAsync(request.Id, "cli", "from the terminal");
        await Poll.UntilAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                return wait.IsCompleted;
            },
            "the master's waiter to see the CLI's approval");

        Assert.Equal(HumanRequestStatus.Approved, (await wait).Status);
    }
}
