using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Queue;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Leadership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace D8.Distributed.Core.Tests.Leadership;

/// <summary>
/// The leadership seam (§11) with a leadership the test controls: a follower runs neither the health monitor nor the
/// dispatch loop, a new leader picks the queue up, and a term lost while a task runs leaves it to the next term,
/// which rejoins it on its slave without running it twice.
/// </summary>
public sealed class LeadershipTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _work = new("d8-leadership");

    public void Dispose() => _work.Dispose();

    [Fact]
    public void AddD8Master_WithoutALeadership_IsStandaloneAndLeads()
    {
        var services = new ServiceCollection();
        services.AddD8Master(options => options.Token = "t");
        using var provider = services.BuildServiceProvider();

        var leadership = provider.GetRequiredService<ID8Leadership>();

        Assert.Same(D8StandaloneLeadership.Instance, leadership);
        Assert.Equal(D8LeadershipRole.Standalone, leadership.Role);
        Assert.True(leadership.Role.IsLeader());
        Assert.Equal("leader", leadership.Role.ToWireName());
        Assert.Equal("follower", D8LeadershipRole.Follower.ToWireName());
    }

    [Fact]
    public async Task Follower_QueuesButNeitherChecksNorDispatches_UntilItLeads()
    {
        Requirements.Python3();
        var leadership = new ControllableLeadership();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore().UseLeadership(_ => leadership));
        await master.StartAsync();
        await master.AddAsync("pc", slave.Port);
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var queued = await queue.EnqueueAsync(D8Task.Python("print('led')") with { TaskId = "led" });
        await leadership.WaitForWaitersAsync(2); // the health monitor and the dispatch loop wait to lead

        Assert.Equal(D8TaskStatus.Queued, (await queue.GetAsync(queued.TaskId))!.Status);
        Assert.Equal(SlaveStatus.Unknown, master.Registry.Find("pc")!.Status);
        var health = await master.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal("follower", health.Entries["d8-master"].Data["role"]);

        leadership.Grant();
        var done = await queue.WaitAsync(queued.TaskId, Long);

        Assert.Equal(D8TaskStatus.Succeeded, done!.Status);
        Assert.Equal("led\n", done.Output);
        await Poll.UntilAsync(() => master.Registry.Find("pc")!.Status == SlaveStatus.Healthy, "the leader's health monitor to check the slave");
        health = await master.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal("leader", health.Entries["d8-master"].Data["role"]);
    }

    [Fact]
    public async Task LostTerm_WhileATaskRuns_NextTermRejoinsIt_AndItRunsOnce()
    {
        Requirements.Python3();
        var gate = Path.Combine(_work.Path, "gate");
        var runs = Path.Combine(_work.Path, "runs.txt");
        var leadership = new ControllableLeadership();
        leadership.Grant();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost(services: s => s.AddD8Master().UseInMemoryTaskStore().UseLeadership(_ => leadership));
        await master.StartAsync();
        await master.AddAsync("pc", slave.Port);
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        var command = TaskQueueTests.AppendId(runs, "ran") + TaskQueueTests.WaitForFile(gate);
        await queue.EnqueueAsync(D8Task.Python(command) with { TaskId = "long" });
        await Poll.UntilAsync(() => File.Exists(runs), "the task to start on the slave");

        leadership.Revoke();
        await leadership.WaitForWaitersAsync(2); // both loops ended their term (the dispatch loop after its runners)
        await File.WriteAllTextAsync(gate, "go");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{slave.Port}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MasterHost.Token);
        await Poll.UntilAsync(
            async () => (await http.GetStringAsync(new Uri("/api/tasks/long", UriKind.Relative))).Contains("\"status\":\"finished\"", StringComparison.Ordinal),
            "the slave to finish the task");

        // The follower no longer waits for the slave's answer, so nothing stored it: the task is still running.
        Assert.Equal(D8TaskStatus.Running, (await queue.GetAsync("long"))!.Status);

        leadership.Grant();
        var done = await queue.WaitAsync("long", Long);

        Assert.Equal(D8TaskStatus.Succeeded, done!.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(runs));
        Assert.Equal(2, leadership.Terms);
    }
}
