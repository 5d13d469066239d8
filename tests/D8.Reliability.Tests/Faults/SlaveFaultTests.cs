using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Reliability.Tests.Support;
using D8.Testing.Faults;

namespace D8.Reliability.Tests.Faults;

/// <summary>
/// A real slave behind a fault-injecting proxy (slave "a", preferred by the selector) and, where failover is tested, a
/// second healthy real slave ("b"). Every task records each real run in a file, so "ran once" is checked on the side
/// effect, not on what the master believes.
/// </summary>
[Trait("Category", "Fault")]
public sealed class SlaveFaultTests
{
    [Fact]
    public async Task Dispatch_SlaveResetsMidResponseAfterRunning_RetryGetsStoredResultAndTaskRanOnce()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: false);
        cluster.Proxy.InjectExecuteFaults(ExecuteFault.ResetMidResponse);

        var result = await cluster.Master.Dispatcher.DispatchAsync(cluster.Task("reset-mid"));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("reset-mid\n", result.Response.Output);
        Assert.Equal(["a"], result.AttemptedSlaves);
        Assert.Equal(1, cluster.Ran.RunsOf("reset-mid"));
        Assert.Equal([ExecuteFault.ResetMidResponse, ExecuteFault.None], cluster.Proxy.Applied);
    }

    [Fact]
    public async Task Dispatch_SlaveResetsBeforeAnswering_RetriedOnSameSlaveAndRanOnce()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: false);
        cluster.Proxy.InjectExecuteFaults(ExecuteFault.ResetBeforeForwarding, ExecuteFault.ResetBeforeForwarding);

        var result = await cluster.Master.Dispatcher.DispatchAsync(cluster.Task("reset-before"));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(1, cluster.Ran.RunsOf("reset-before"));
        Assert.Equal(3, cluster.Proxy.ExecuteRequests);
    }

    [Fact]
    public async Task Dispatch_SlaveAnswers500Twice_ThirdAttemptSucceedsOnce()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: false);
        cluster.Proxy.InjectExecuteFaults(ExecuteFault.ServerError, ExecuteFault.ServerError);

        var result = await cluster.Master.Dispatcher.DispatchAsync(cluster.Task("five-hundred"));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(["a"], result.AttemptedSlaves);
        Assert.Equal(1, cluster.Ran.RunsOf("five-hundred"));
    }

    [Fact]
    public async Task Dispatch_OnlySlaveAlwaysAnswers500_ErrorNamesSlaveStatusAndItsMessage()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: false);
        cluster.Proxy.DefaultExecuteFault = ExecuteFault.ServerError;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Master.Dispatcher.DispatchAsync(cluster.Task("always-500")));

        Assert.True(error is SlaveTransportException or NoEligibleSlaveException, error.ToString());
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Contains(FaultInjectingProxy.ServerErrorText, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Ran.RunsOf("always-500"));
    }

    [Fact]
    public async Task Dispatch_SlaveAlways500_FailsOverToOtherSlaveAndRunsOnce()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: true);
        cluster.Proxy.DefaultExecuteFault = ExecuteFault.ServerError;

        var result = await cluster.Master.Dispatcher.DispatchAsync(cluster.Task("failover-500"));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(["a", "b"], result.AttemptedSlaves);
        Assert.Equal("b", result.SlaveId);
        Assert.Equal(1, cluster.Ran.RunsOf("failover-500"));
    }

    [Fact]
    public async Task Dispatch_SlaveAnswersGarbageJson_ErrorNamesTheBody_AndFailoverRunsOnce()
    {
        await using var single = await Cluster.StartAsync(withSecondSlave: false);
        single.Proxy.DefaultExecuteFault = ExecuteFault.GarbageJson;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => single.Master.Dispatcher.DispatchAsync(single.Task("garbage-only")));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);

        await using var pair = await Cluster.StartAsync(withSecondSlave: true);
        pair.Proxy.DefaultExecuteFault = ExecuteFault.GarbageJson;
        var result = await pair.Master.Dispatcher.DispatchAsync(pair.Task("garbage-failover"));
        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("b", result.SlaveId);
        Assert.Equal(1, pair.Ran.RunsOf("garbage-failover"));
    }

    [Fact]
    public async Task Dispatch_SlaveHangs_AttemptTimeoutsThenFailoverRunsOnce_AndAloneTheErrorSaysNoAnswerInTime()
    {
        // The attempt limit is the task's limit + margin, and python on the healthy slave must start within the task's
        // limit on a loaded machine: 8 s. Without retries (one attempt of 8.5 s before the failover) the test stays short.
        static void SingleAttempt(D8.Distributed.Core.D8MasterOptions options) => options.Resilience.MaxRetryAttempts = 0;
        await using var single = await Cluster.StartAsync(withSecondSlave: false, SingleAttempt);
        single.Proxy.DefaultExecuteFault = ExecuteFault.Hang;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => single.Master.Dispatcher.DispatchAsync(single.Task("hang-only", TimeSpan.FromSeconds(8))));
        Assert.Contains("'a' did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("in time", error.Message, StringComparison.Ordinal);

        await using var pair = await Cluster.StartAsync(withSecondSlave: true, SingleAttempt);
        pair.Proxy.DefaultExecuteFault = ExecuteFault.Hang;
        var result = await pair.Master.Dispatcher.DispatchAsync(pair.Task("hang-failover", TimeSpan.FromSeconds(8)));
        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(["a", "b"], result.AttemptedSlaves);
        Assert.Equal(1, pair.Ran.RunsOf("hang-failover"));
        Assert.Equal(1, pair.Proxy.ExecuteRequests);
    }

    [Fact]
    public async Task Dispatch_SlaveAnswersSlowlyWithinTheLimit_ResultArrivesOnceWithoutRetry()
    {
        await using var cluster = await Cluster.StartAsync(withSecondSlave: false);
        cluster.Proxy.SlowDelay = TimeSpan.FromSeconds(1.5);
        cluster.Proxy.DefaultExecuteFault = ExecuteFault.Slow;

        var result = await cluster.Master.Dispatcher.DispatchAsync(cluster.Task("slow", TimeSpan.FromSeconds(10)));

        Assert.True(result.Success, result.Response.Error);
        Assert.Equal(1, cluster.Proxy.ExecuteRequests);
        Assert.Equal(1, cluster.Ran.RunsOf("slow"));
        Assert.True(result.Duration >= TimeSpan.FromSeconds(1.4), $"took {result.Duration}");
    }

    /// <summary>Slave "a" (behind the proxy) and optionally slave "b", both real; the master prefers "a".</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly InProcessSlave _slaveA;
        private readonly InProcessSlave? _slaveB;

        private Cluster(InProcessSlave slaveA, InProcessSlave? slaveB, FaultInjectingProxy proxy, MasterHarness master)
        {
            _slaveA = slaveA;
            _slaveB = slaveB;
            Proxy = proxy;
            Master = master;
        }

        public FaultInjectingProxy Proxy { get; }

        public MasterHarness Master { get; }

        public SideEffects Ran { get; } = new();

        public static async Task<Cluster> StartAsync(bool withSecondSlave, Action<D8.Distributed.Core.D8MasterOptions>? configure = null)
        {
            var slaveA = await InProcessSlave.StartAsync();
            var slaveB = withSecondSlave ? await InProcessSlave.StartAsync() : null;
            var proxy = await FaultInjectingProxy.StartAsync(slaveA.BaseAddress);
            var master = new MasterHarness(
                options =>
                {
                    options.HealthCheckInterval = TimeSpan.FromMinutes(10);
                    options.Resilience.ExecuteTimeoutMargin = TimeSpan.FromSeconds(0.5);
                    configure?.Invoke(options);
                },
                new PreferredSlaveSelector("a"));
            await master.AddAsync("a", proxy.Port);
            if (slaveB is not null)
            {
                await master.AddAsync("b", slaveB.Port);
            }

            await master.Monitor.CheckAllAsync();
            Assert.All(master.Registry.GetAll(), slave => Assert.Equal(SlaveStatus.Healthy, slave.Status));
            return new Cluster(slaveA, slaveB, proxy, master);
        }

        public D8Task Task(string marker, TimeSpan? timeout = null) => new()
        {
            Command = Ran.Record(marker, $"print({TestPython.Literal(marker)})\n"),
            Method = ExecutionMethod.Python,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

        public async ValueTask DisposeAsync()
        {
            await Master.DisposeAsync();
            await Proxy.DisposeAsync();
            await _slaveA.DisposeAsync();
            if (_slaveB is not null)
            {
                await _slaveB.DisposeAsync();
            }

            Ran.Dispose();
        }
    }
}
