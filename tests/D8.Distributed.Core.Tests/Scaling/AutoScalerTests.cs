using System.Collections.Concurrent;
using D8.Distributed.Core.Tests.Queue;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Scaling;

/// <summary>
/// The auto-scaler (§14) with a provisioner that starts real slaves (Kestrel on loopback, real Python) in this
/// process; the Docker provisioner has its own tests against a real engine.
/// </summary>
public sealed class AutoScalerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private static readonly Action<D8MasterOptions> FastRules = options =>
    {
        options.AutoScale.Enabled = true;
        options.AutoScale.ScaleUpQueueWait = TimeSpan.FromMilliseconds(300);
        options.AutoScale.ScaleUpAfter = TimeSpan.FromMilliseconds(200);
        options.AutoScale.MaxAddedSlaves = 1;
        options.AutoScale.IdleBeforeRemoval = TimeSpan.FromMilliseconds(500);
        options.AutoScale.CheckInterval = TimeSpan.FromMilliseconds(50);
        options.AutoScale.StartTimeout = TimeSpan.FromSeconds(30);
    };

    [Fact]
    public async Task Burst_OnOneOneSlotSlave_AddsASlave_TasksRunOnBoth_ThenRemovesOnlyTheAddedOneWhenIdle()
    {
        Requirements.Python3();
        await using var provisioner = new LoopbackProvisioner();
        await using var owners = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(FastRules, services => services.AddD8Master().UseInMemoryTaskStore().UseSlaveProvisioner(_ => provisioner));
        await master.StartAsync();
        await master.AddAsync("owners", owners.Port);
        await master.Monitor.CheckAllAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await queue.EnqueueAsync(D8Task.Python("import time\ntime.sleep(0.5)\n") with { TaskId = $"burst-{i:00}" })).TaskId);
        }

        var done = new List<D8TaskInfo>();
        foreach (var id in ids)
        {
            done.Add((await queue.WaitAsync(id, Long))!);
        }

        Assert.All(done, task => Assert.Equal(D8TaskStatus.Succeeded, task.Status));
        var added = Assert.Single(provisioner.Started);
        Assert.StartsWith("loop-", added, StringComparison.Ordinal);
        // The added slave got its own token, kept with the per-slave tokens, never the master's shared one.
        var token = provisioner.Tokens[added];
        Assert.NotEqual(MasterHost.Token, token);
        Assert.Equal(48, token.Length);
        Assert.DoesNotContain(token, new SlaveProvisionRequest(added, token, null).ToString(), StringComparison.Ordinal);
        Assert.Contains(done, task => task.SlaveId == "owners");
        Assert.Contains(done, task => task.SlaveId == added);

        var file = Path.Combine(master.DataDirectory, "autoscaler.json");
        await Poll.UntilAsync(
            () => provisioner.Stopped.Contains(added) && master.Registry.Find(added) is null && !File.ReadAllText(file).Contains(added, StringComparison.Ordinal),
            "the idle added slave to be stopped, unregistered and forgotten",
            Long);
        Assert.NotNull(master.Registry.Find("owners"));
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(master.DataDirectory, "slaves", "secrets.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionerWithACost_StartsNothingBeforeApproval_NothingWhenRejected_AndOneSlaveWhenApproved()
    {
        Requirements.Python3();
        await using var provisioner = new LoopbackProvisioner { CostPerHour = 0.12m };
        var proposals = new BlockingCollection<(SlaveProvisioningProposal Proposal, TaskCompletionSource<bool> Decision, int StartedWhenAsked)>();
        await using var owners = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(FastRules, services => services.AddD8Master().UseInMemoryTaskStore().UseSlaveProvisioner(_ => provisioner)
            .UseProvisioningApproval(async (proposal, cancellationToken) =>
            {
                var decision = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                proposals.Add((proposal, decision, provisioner.Started.Count), cancellationToken);
                return await decision.Task.WaitAsync(cancellationToken);
            }));
        await master.StartAsync();
        await master.AddAsync("owners", owners.Port);
        await master.Monitor.CheckAllAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();
        var gate = Path.Combine(master.DataDirectory, "gate");
        await queue.EnqueueAsync(D8Task.Python(TaskQueueTests.WaitForFile(gate)) with { TaskId = "blocker" });
        await queue.EnqueueAsync(D8Task.Python("print('waiting')") with { TaskId = "waiting" });

        var first = Take(proposals);
        Assert.Equal(0, first.StartedWhenAsked);
        Assert.Equal(0.12m, first.Proposal.CostPerHour);
        Assert.Equal("loop", first.Proposal.Provisioner);
        first.Decision.SetResult(false);

        // The next proposal comes only after the refusal was handled: nothing was started for the first.
        var second = Take(proposals);
        Assert.Equal(0, second.StartedWhenAsked);
        Assert.Empty(provisioner.Started);
        second.Decision.SetResult(true);

        var waiting = await queue.WaitAsync("waiting", Long);
        Assert.Equal(D8TaskStatus.Succeeded, waiting!.Status);
        Assert.Equal(second.Proposal.SlaveId, waiting.SlaveId);
        Assert.Equal([second.Proposal.SlaveId], provisioner.Started);
        await File.WriteAllTextAsync(gate, "go");
    }

    private static (SlaveProvisioningProposal Proposal, TaskCompletionSource<bool> Decision, int StartedWhenAsked) Take(
        BlockingCollection<(SlaveProvisioningProposal, TaskCompletionSource<bool>, int)> proposals) =>
        proposals.TryTake(out var next, Long) ? next : throw new TimeoutException("no provisioning proposal within 90 s");

    /// <summary>Starts real slaves (in this process, on loopback) as a provisioner would start containers.</summary>
    private sealed class LoopbackProvisioner : ISlaveProvisioner, IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, RealSlave> _running = new(StringComparer.Ordinal);

        public string Name => "loop";

        public decimal? CostPerHour { get; init; }

        public string Currency => "USD";

        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentQueue<string> Stopped { get; } = new();

        public ConcurrentDictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

        public async ValueTask<ProvisionedSlave> StartAsync(SlaveProvisionRequest request, CancellationToken cancellationToken)
        {
            var slave = await RealSlave.StartAsync(options =>
            {
                options.AuthToken = request.Token;
                options.Commit = request.Commit;
                options.MaxConcurrentTasks = 1;
            });
            _running[request.SlaveId] = slave;
            Tokens[request.SlaveId] = request.Token;
            Started.Enqueue(request.SlaveId);
            return new ProvisionedSlave(request.SlaveId, "127.0.0.1", slave.Port, $"loopback:{slave.Port}");
        }

        public async ValueTask StopAsync(ProvisionedSlave slave, CancellationToken cancellationToken)
        {
            if (_running.TryRemove(slave.SlaveId, out var running))
            {
                await running.DisposeAsync();
            }

            Stopped.Enqueue(slave.SlaveId);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var slave in _running.Values)
            {
                await slave.DisposeAsync();
            }
        }
    }
}
