using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Reliability.Tests.Support;

/// <summary>
/// A real generic host running <c>AddD8Master</c> over a temp data directory, with short retry delays and timeouts so
/// faults resolve in seconds. The hosted health monitor runs once <see cref="StartAsync"/> is called.
/// </summary>
public sealed class MasterHarness : IAsyncDisposable
{
    public const string Token = "reliability-token";
    public const string Commit = "5eed1e55c0ffee";

    private readonly TempDirectory _data = new("d8-reliability-master");
    private bool _started;

    public MasterHarness(Action<D8MasterOptions>? configure = null, ISlaveSelector? selector = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _data.Path });
        builder.Logging.ClearProviders();
        if (selector is not null)
        {
            builder.Services.AddSingleton(selector);
        }

        builder.Services.AddD8Master(options =>
        {
            options.Token = Token;
            options.DataDirectory = _data.Path;
            options.Commit = Commit;
            options.HealthCheckTimeout = TimeSpan.FromSeconds(5);
            options.RecoveryProbeDelay = TimeSpan.FromMilliseconds(200);
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
            options.Resilience.UseJitter = false;
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Resilience.ExecuteTimeoutMargin = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        App = builder.Build();
    }

    public IHost App { get; }

    public string DataDirectory => _data.Path;

    public ISlaveRegistry Registry => App.Services.GetRequiredService<ISlaveRegistry>();

    public ISlaveHealthMonitor Monitor => App.Services.GetRequiredService<ISlaveHealthMonitor>();

    public ITaskDispatcher Dispatcher => App.Services.GetRequiredService<ITaskDispatcher>();

    public async Task StartAsync()
    {
        await App.StartAsync();
        _started = true;
    }

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
