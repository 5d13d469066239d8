using D8.Distributed.Core;
using D8.Testing;
using D8.Testing.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests.Queue;

/// <summary>The <c>d8-master</c> health check AddD8Master registers, through the real HealthCheckService.</summary>
public sealed class D8MasterHealthCheckTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-health");
    private readonly InMemorySlaveRegistry _registry = new();

    [Fact]
    public async Task CheckHealthAsync_HealthySlaveAndStoreAnswers_IsHealthyWithTheCounts()
    {
        await using var services = Build();
        await AddSlaveAsync("pc", SlaveStatus.Healthy);
        await AddSlaveAsync("laptop", SlaveStatus.Unhealthy);
        await services.GetRequiredService<ITaskQueue>().EnqueueAsync(D8Task.Python("pass"));

        var entry = await CheckAsync(services);

        Assert.True(entry.Status == HealthStatus.Healthy, entry.Description);
        Assert.Equal(1, entry.Data["queued"]);
        Assert.Equal(0, entry.Data["running"]);
        Assert.Equal(1, entry.Data["healthy_slaves"]);
    }

    [Fact]
    public async Task CheckHealthAsync_NoHealthySlave_IsDegradedSayingTasksWait()
    {
        await using var services = Build();
        await AddSlaveAsync("pc", SlaveStatus.Unhealthy);

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("no slave is healthy", entry.Description, StringComparison.Ordinal);
        Assert.Equal(0, entry.Data["healthy_slaves"]);
    }

    [Fact]
    public async Task CheckHealthAsync_QueueOver90PercentOfItsBound_IsDegraded_At90PercentHealthy()
    {
        await using var services = Build(options => options.Queue.MaxQueuedTasks = 10);
        await AddSlaveAsync("pc", SlaveStatus.Healthy);
        var queue = services.GetRequiredService<ITaskQueue>();
        for (var i = 0; i < 9; i++)
        {
            await queue.EnqueueAsync(D8Task.Python("pass"));
        }

        var atNinety = await CheckAsync(services);
        await queue.EnqueueAsync(D8Task.Python("pass"));
        var full = await CheckAsync(services);

        Assert.True(atNinety.Status == HealthStatus.Healthy, atNinety.Description);
        Assert.Equal(HealthStatus.Degraded, full.Status);
        Assert.Contains("10 of 10", full.Description, StringComparison.Ordinal);
        Assert.Equal(10, full.Data["queued"]);
    }

    [Fact]
    public async Task CheckHealthAsync_StoreThrows_IsUnhealthyWithTheCause()
    {
        await using var services = Build(store: _ => new FailingTaskStore());
        await AddSlaveAsync("pc", SlaveStatus.Healthy);

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(FailingTaskStore.Message, entry.Description, StringComparison.Ordinal);
        Assert.IsType<IOException>(entry.Exception);
    }

    [Fact]
    public async Task AddD8Master_CalledTwice_RegistersTheCheckOnce()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddD8Master(options => options.Token = "t").UseInMemoryTaskStore();
        collection.AddD8Master();
        await using var services = collection.BuildServiceProvider();

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Single(registrations, registration => registration.Name == "d8-master");
    }

    public void Dispose() => _data.Dispose();

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["d8-master"];
    }

    private ServiceProvider Build(Action<D8MasterOptions>? configure = null, Func<IServiceProvider, ITaskStore>? store = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<ISlaveRegistry>(_registry);
        var master = collection.AddD8Master(options =>
        {
            options.Token = "test-token";
            options.DataDirectory = _data.Path;
            configure?.Invoke(options);
        });
        _ = store is null ? master.UseInMemoryTaskStore() : master.UseTaskStore(store);
        return collection.BuildServiceProvider();
    }

    private async Task AddSlaveAsync(string id, SlaveStatus status)
    {
        await _registry.RegisterAsync(new SlaveRegistration(id, "127.0.0.1", 9));
        await _registry.UpdateAsync(id, slave => slave with { Status = status });
    }

    /// <summary>A store whose disk is gone: every call throws.</summary>
    private sealed class FailingTaskStore : ITaskStore
    {
        public const string Message = "disk I/O error (tasks.db)";

        public Task<TaskStoreAddResult> AddAsync(D8TaskInfo task, int maxQueued, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<D8TaskInfo?> GetAsync(string taskId, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<D8TaskPage> ListAsync(D8TaskQuery query, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<IReadOnlyList<D8TaskInfo>> GetQueuedAsync(int limit, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<D8TaskInfo?> TryUpdateAsync(D8TaskInfo task, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<TaskStoreCounts> CountAsync(DateTimeOffset finishedSince, CancellationToken cancellationToken = default) => throw new IOException(Message);

        public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int keepFinished, CancellationToken cancellationToken = default) => throw new IOException(Message);
    }
}
