using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Distributed.Core.Tests.Support;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Assignment;

public sealed class TaskDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_OldFieldsOnlySlave_HealthVersionAndExecuteSucceed()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("python-era", slave);

        var checkedSlave = await master.Monitor.CheckAsync("python-era");
        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));

        Assert.Equal(SlaveStatus.Healthy, checkedSlave.Status);
        Assert.Equal(MasterHost.FixtureCommit, checkedSlave.Commit);
        Assert.Equal("1.0.0", checkedSlave.Version);
        Assert.False(checkedSlave.VersionMismatch);
        Assert.Null(checkedSlave.MaxConcurrentTasks);
        Assert.Contains("python", checkedSlave.ReportedCapabilities);
        Assert.True(result.Success);
        Assert.Equal("42\n", result.Response.Output);
        Assert.Equal(ExecutionMethod.Python, result.Response.Method);
        Assert.Null(result.Response.ExitCode);
        Assert.Equal("python-era", result.SlaveId);
        Assert.Equal([result.TaskId], slave.ReceivedTaskIds);
    }

    [Fact]
    public async Task DispatchAsync_UncheckedSlave_IsCheckedFirstInsteadOfExcluded()
    {
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("pc", slave);

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));

        Assert.True(result.Success);
        Assert.Equal(SlaveStatus.Healthy, master.Registry.Find("pc")!.Status);
    }

    [Fact]
    public async Task DispatchAsync_FileSaysHealthyButTheSlaveIsGone_ChecksFirstAndSkipsIt()
    {
        await using var live = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        var path = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $$$"""
            {"aaa-gone":{"host":"127.0.0.1","port":{{{DeadEndpoints.RefusingPort()}}},"status":"healthy","install_method":"python","registered_at":"2025-11-20T10:00:00","last_seen":"2025-11-20T10:00:00","commit":"abc1234def","version_mismatch":false},
             "live":{"host":"127.0.0.1","port":{{{live.Port}}},"status":"unhealthy","install_method":"python","registered_at":"2025-11-20T10:00:00","last_seen":"never"}}
            """);

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)"));

        Assert.Equal("live", result.SlaveId);
        Assert.Equal(["live"], result.AttemptedSlaves);
        Assert.Equal(SlaveStatus.Unhealthy, master.Registry.Find("aaa-gone")!.Status);
    }

    [Fact]
    public async Task DispatchAsync_TaskNeedsDocker_NeverGoesToASlaveWithoutIt()
    {
        await using var plain = await FakeSlave.StartAsync();
        await using var docker = await FakeSlave.StartAsync(s => s.HasDocker = true);
        await using var master = new MasterHost();
        await master.AddAsync("plain", plain);
        await master.AddAsync("docker", docker);
        await master.Monitor.CheckAllAsync();

        for (var i = 0; i < 6; i++)
        {
            var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { RequiredCapabilities = ["docker"] });
            Assert.Equal("docker", result.SlaveId);
        }

        Assert.Equal(0, plain.ExecuteRequests);
        Assert.Equal(6, docker.ExecuteRequests);
    }

    [Fact]
    public async Task DispatchAsync_LabelFromRegistration_IsACapability()
    {
        await using var gpu = await FakeSlave.StartAsync();
        await using var plain = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("gpu", gpu.Host, gpu.Port) { Capabilities = ["gpu"] });
        await master.AddAsync("plain", plain);

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { RequiredCapabilities = ["GPU"] });

        Assert.Equal("gpu", result.SlaveId);
    }

    [Fact]
    public async Task DispatchAsync_NoSlaveHasTheCapability_ThrowsWithWhyEachWasExcluded()
    {
        await using var plain = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("plain", plain);
        await master.AddAsync("dead", DeadEndpoints.RefusingPort());

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(
            () => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { TaskId = "needs-docker", RequiredCapabilities = ["docker"] }));

        Assert.Equal("needs-docker", error.TaskId);
        Assert.Equal("lacks capability 'docker'", error.Exclusions["plain"]);
        Assert.StartsWith("unhealthy (", error.Exclusions["dead"], StringComparison.Ordinal);
        Assert.Contains("plain: lacks capability 'docker'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dead: unhealthy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_NoSlavesRegistered_ThrowsSayingSo()
    {
        await using var master = new MasterHost();

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass")));

        Assert.Contains("no slaves are registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_ShellTask_OnlyGoesToSlavesReportingShell()
    {
        await using var old = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("old", old);

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Shell("echo hi")));

        Assert.Equal("lacks capability 'shell'", error.Exclusions["old"]);
    }

    [Fact]
    public async Task DispatchAsync_TwoSlaves_PicksTheLeastLoaded()
    {
        await using var busy = await FakeSlave.StartAsync(s => { s.RunningTasks = 3; s.MaxConcurrentTasks = 8; });
        await using var idle = await FakeSlave.StartAsync(s => { s.RunningTasks = 0; s.MaxConcurrentTasks = 8; });
        await using var master = new MasterHost();
        await master.AddAsync("busy", busy);
        await master.AddAsync("idle", idle);
        await master.Monitor.CheckAllAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("idle", (await master.Dispatcher.DispatchAsync(D8Task.Python("pass"))).SlaveId);
        }

        Assert.Equal(0, busy.ExecuteRequests);
    }

    [Fact]
    public async Task DispatchAsync_TaskInFlightOnOneSlave_NextTaskGoesToTheOther()
    {
        await using var first = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Hang);
        await using var second = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Hang);
        await using var master = new MasterHost(options => options.MaxFailoverAttempts = 0);
        await master.AddAsync("first", first);
        await master.AddAsync("second", second);
        await master.Monitor.CheckAllAsync();
        using var stop = new CancellationTokenSource();

        var one = master.Dispatcher.DispatchAsync(D8Task.Python("pass"), stop.Token);
        await Task.WhenAny(first.ExecuteReceived, second.ExecuteReceived);
        var two = master.Dispatcher.DispatchAsync(D8Task.Python("pass"), stop.Token);
        await Task.WhenAll(first.ExecuteReceived, second.ExecuteReceived).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, first.ExecuteRequests);
        Assert.Equal(1, second.ExecuteRequests);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => one);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => two);
    }

    [Fact]
    public async Task DispatchAsync_EqualSlaves_RoundRobin()
    {
        await using var a = await FakeSlave.StartAsync();
        await using var b = await FakeSlave.StartAsync();
        await using var master = new MasterHost(services: services => services.AddSingleton<ISlaveSelector>(new FixedLatencySelector()));
        await master.AddAsync("a", a);
        await master.AddAsync("b", b);
        await master.Monitor.CheckAllAsync();

        var chosen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            chosen.Add((await master.Dispatcher.DispatchAsync(D8Task.Python("pass"))).SlaveId);
        }

        Assert.Equal(2, chosen.Count(id => id == "a"));
        Assert.Equal(2, chosen.Count(id => id == "b"));
    }

    [Fact]
    public async Task DispatchAsync_CustomSelectorRegisteredInDi_ReplacesTheDefault()
    {
        await using var a = await FakeSlave.StartAsync();
        await using var z = await FakeSlave.StartAsync(s => s.RunningTasks = 5);
        var selector = new LastByIdSelector();
        await using var master = new MasterHost(services: services => services.AddSingleton<ISlaveSelector>(selector));
        await master.AddAsync("a", a);
        await master.AddAsync("z", z);

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("pass"));

        Assert.Same(selector, master.Services.GetRequiredService<ISlaveSelector>());
        Assert.Equal("z", result.SlaveId);
        Assert.Equal(2, selector.LastCandidates);
    }

    [Fact]
    public async Task DispatchAsync_FirstSlaveStopsMidway_SameTaskIdCompletesOnTheSecond()
    {
        await using var first = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Hang);
        await using var second = await FakeSlave.StartAsync(s => s.RunningTasks = 1);
        await using var master = new MasterHost();
        await master.AddAsync("first", first);
        await master.AddAsync("second", second);
        await master.Monitor.CheckAllAsync();

        var dispatch = master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { TaskId = "task-failover" });
        await first.ExecuteReceived.WaitAsync(TimeSpan.FromSeconds(20));
        await first.StopAsync();
        var result = await dispatch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Success);
        Assert.Equal("second", result.SlaveId);
        Assert.Equal("task-failover", result.TaskId);
        Assert.Equal(["first", "second"], result.AttemptedSlaves);
        // A retry may reach the first slave before its port closes: whatever arrived there carried the same id.
        Assert.NotEmpty(first.ReceivedTaskIds);
        Assert.All(first.ReceivedTaskIds, id => Assert.Equal("task-failover", id));
        Assert.Equal(["task-failover"], second.ReceivedTaskIds);
        Assert.Equal(1, second.ExecutionsOf("task-failover"));
    }

    [Fact]
    public async Task DispatchAsync_FirstSlaveNeverAnswers_AttemptTimeoutThenFailover()
    {
        await using var first = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Hang);
        await using var second = await FakeSlave.StartAsync(s => s.RunningTasks = 1);
        await using var master = new MasterHost(options => options.Resilience.ExecuteTimeoutMargin = TimeSpan.Zero);
        await master.AddAsync("first", first);
        await master.AddAsync("second", second);
        await master.Monitor.CheckAllAsync();

        var result = await master.Dispatcher.DispatchAsync(
            D8Task.Python("print(6*7)") with { TaskId = "task-timeout", Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal("second", result.SlaveId);
        Assert.Equal(3, first.AttemptsOf("task-timeout"));
        Assert.Equal(1, second.AttemptsOf("task-timeout"));
    }

    [Fact]
    public async Task DispatchAsync_CodeExitsNonZero_ReturnedAsFailedAndNotRedispatched()
    {
        await using var failing = await FakeSlave.StartAsync(s => s.ExecuteFixture = "execute-failure.json");
        await using var other = await FakeSlave.StartAsync(s => s.RunningTasks = 1);
        await using var master = new MasterHost();
        await master.AddAsync("failing", failing);
        await master.AddAsync("other", other);
        await master.Monitor.CheckAllAsync();

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("raise SystemExit(1)") with { TaskId = "task-exit" });

        Assert.False(result.Success);
        Assert.Equal("boom\n", result.Response.Error);
        Assert.Equal("partial\n", result.Response.Output);
        Assert.Equal(["failing"], result.AttemptedSlaves);
        Assert.Equal(1, failing.AttemptsOf("task-exit"));
        Assert.Equal(0, other.ExecuteRequests);
    }

    [Fact]
    public async Task DispatchAsync_EveryoneFailsInTransport_ThrowsWithEachFailure()
    {
        await using var a = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Abort);
        await using var b = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Abort);
        await using var master = new MasterHost();
        await master.AddAsync("a", a);
        await master.AddAsync("b", b);
        await master.Monitor.CheckAllAsync();

        var error = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { TaskId = "doomed" }));

        Assert.StartsWith("already failed this task", error.Exclusions["a"], StringComparison.Ordinal);
        Assert.StartsWith("already failed this task", error.Exclusions["b"], StringComparison.Ordinal);
        Assert.IsType<SlaveTransportException>(error.InnerException);
        Assert.Equal(3, a.AttemptsOf("doomed"));
        Assert.Equal(3, b.AttemptsOf("doomed"));
    }

    [Fact]
    public async Task DispatchAsync_FailoverBudgetSpent_ThrowsTransportException()
    {
        await using var a = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Abort);
        await using var b = await FakeSlave.StartAsync(s => s.ExecuteBehavior = FakeSlaveBehavior.Abort);
        await using var master = new MasterHost(options => options.MaxFailoverAttempts = 0);
        await master.AddAsync("a", a);
        await master.AddAsync("b", b);
        await master.Monitor.CheckAllAsync();

        var error = await Assert.ThrowsAsync<SlaveTransportException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass")));

        Assert.Contains("MaxFailoverAttempts is 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, a.ExecuteRequests + b.ExecuteRequests);
    }

    [Fact]
    public async Task DispatchAsync_InvalidTask_ThrowsArgumentException()
    {
        await using var master = new MasterHost();

        await Assert.ThrowsAsync<ArgumentNullException>(() => master.Dispatcher.DispatchAsync(null!));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => master.Dispatcher.DispatchAsync(D8Task.Python(" ")));
        Assert.Contains("no command", empty.Message, StringComparison.Ordinal);
        var method = await Assert.ThrowsAsync<ArgumentException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { Method = "java" }));
        Assert.Contains("'java'", method.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task DispatchAsync_PinnedToASlave_RunsThereOnly()
    {
        await using var a = await FakeSlave.StartAsync();
        await using var b = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        await master.AddAsync("a", a);
        await master.AddAsync("b", b);

        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "b" });
        var missing = await Assert.ThrowsAsync<NoEligibleSlaveException>(() => master.Dispatcher.DispatchAsync(D8Task.Python("pass") with { SlaveId = "nope" }));

        Assert.Equal("b", result.SlaveId);
        Assert.Equal("not registered", missing.Exclusions["nope"]);
    }

    private sealed class LastByIdSelector : ISlaveSelector
    {
        public int LastCandidates { get; private set; }

        public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates)
        {
            LastCandidates = candidates.Count;
            return candidates.OrderByDescending(c => c.Slave.Id, StringComparer.Ordinal).First();
        }
    }

    /// <summary>The default selector with latencies hidden, so every pick is a tie and round-robin shows.</summary>
    private sealed class FixedLatencySelector : ISlaveSelector
    {
        private readonly D8.Distributed.Core.Internal.DefaultSlaveSelector _inner = new();

        public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates) =>
            _inner.Choose(task, [.. candidates.Select(c => c with { AverageLatency = null })]);
    }
}
