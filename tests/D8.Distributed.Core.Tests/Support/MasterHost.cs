using D8.Distributed.Core;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Core.Tests.Support;

/// <summary>
/// A real generic host running <c>AddD8Master</c> against a temp data directory, with fast test settings (no retry
/// delay, short timeouts) and a recording event handler. The hosted monitor runs only after <see cref="StartAsync"/>.
/// </summary>
public sealed class MasterHost : IAsyncDisposable
{
    public const string Token = "test-token";

    /// <summary>The commit of the recorded Python slave (fixtures/python-d8/wire/health.json).</summary>
    public const string FixtureCommit = "abc1234def";

    private readonly TempDirectory _data = new("d8-master");
    private bool _started;

    public MasterHost(Action<D8MasterOptions>? configure = null, Action<IServiceCollection>? services = null, TimeProvider? timeProvider = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _data.Path });
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlaveEventHandler>(Events));
        services?.Invoke(builder.Services);
        builder.Services.AddD8Master(options =>
        {
            options.Token = Token;
            options.DataDirectory = _data.Path;
            options.Commit = FixtureCommit;
            options.HealthCheckTimeout = TimeSpan.FromSeconds(5);
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
            options.Resilience.UseJitter = false;
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Resilience.ExecuteTimeoutMargin = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        App = builder.Build();
    }

    public IHost App { get; }

    public SlaveEventRecorder Events { get; } = new();

    public string DataDirectory => _data.Path;

    public IServiceProvider Services => App.Services;

    public ISlaveRegistry Registry => Services.GetRequiredService<ISlaveRegistry>();

    public ISlaveHealthMonitor Monitor => Services.GetRequiredService<ISlaveHealthMonitor>();

    public ITaskDispatcher Dispatcher => Services.GetRequiredService<ITaskDispatcher>();

    public async Task StartAsync()
    {
        await App.StartAsync();
        _started = true;
    }

    public ValueTask<SlaveInfo> AddAsync(string id, FakeSlave slave) => Registry.RegisterAsync(new SlaveRegistration(id, slave.Host, slave.Port));

    public ValueTask<SlaveInfo> AddAsync(string id, int port) => Registry.RegisterAsync(new SlaveRegistration(id, "127.0.0.1", port));

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(grace.Token);
        }

        App.Dispose();
        _data.Dispose();
    }
}
