using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Internal;

/// <summary>The executor's domain results, with the real services and real python, and no HTTP in between.</summary>
public sealed class SlaveExecutorTests : IAsyncLifetime, IDisposable
{
    private readonly SlaveServices _services = new(o => { o.MaxConcurrentTasks = 1; o.MaxQueuedTasks = 0; });

    public async Task InitializeAsync()
    {
        Requirements.Python3();
        await _services.Get<CapabilityProbe>().RefreshAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ExecuteAsync_Runs_IsCompletedWithTheTaskResult()
    {
        var result = await Execute(new ExecuteRequest { Command = "import sys; print('out'); sys.exit(3)", TaskId = "t-1" });

        Assert.Equal(ExecutionResultKind.Completed, result.Kind);
        Assert.Null(result.Message);
        Assert.Equal((false, 3, "out\n", ExecutionMethod.Python, "t-1"), (result.Response!.Success, result.Response.ExitCode, result.Response.Output, result.Response.Method, result.Response.TaskId));
    }

    [Theory]
    [InlineData("""{"command":""}""", "No command provided")]
    [InlineData("""{"command":"print(1)","method":"docker"}""", "method 'docker' is not available on this slave (docker needs D8:Slave:DockerImage and a Docker engine that answers 'docker info')")]
    [InlineData("""{"command":"print(1)","timeout_seconds":0}""", "timeout_seconds must be a positive number of seconds, got 0")]
    public async Task ExecuteAsync_InvalidRequest_IsRefusedWithTheMessage(string json, string message)
    {
        var request = System.Text.Json.JsonSerializer.Deserialize(json, D8JsonContext.Default.ExecuteRequest)!;

        var result = await Execute(request);

        Assert.Equal((ExecutionResultKind.Refused, message), (result.Kind, result.Message));
        Assert.Null(result.Response);
    }

    [Fact]
    public async Task ExecuteAsync_EverySlotTakenAndNoQueue_IsBusyAndNotRemembered()
    {
        var slots = _services.Get<ExecutionSlots>();
        var held = await slots.TryEnterAsync(CancellationToken.None);

        var busy = await Execute(new ExecuteRequest { Command = "print('later')", TaskId = "t-busy" });
        held!.Dispose();
        var retried = await Execute(new ExecuteRequest { Command = "print('later')", TaskId = "t-busy" });

        Assert.Equal(ExecutionResultKind.Busy, busy.Kind);
        Assert.Equal("Slave at capacity: 1 tasks running (max 1) and the queue is full; retry later", busy.Message);
        Assert.Equal((ExecutionResultKind.Completed, "later\n"), (retried.Kind, retried.Response!.Output));
    }

    [Fact]
    public async Task ExecuteAsync_WhileDraining_IsDrainingAndRunsNothing()
    {
        using var temp = new TempDirectory();
        var ledger = temp.Combine("ran");
        _services.Get<SlaveLifecycle>().BeginDraining();

        var result = await Execute(new ExecuteRequest { Command = $"open({Scripts.Quote(ledger)}, 'w').write('ran')" });

        Assert.Equal(ExecutionResultKind.Draining, result.Kind);
        Assert.Contains("draining", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ledger));
    }

    private Task<ExecutionResult> Execute(ExecuteRequest request) => _services.Get<SlaveExecutor>().ExecuteAsync(request, CancellationToken.None);
}
