using D8.HumanRequests.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace D8.HumanRequests.Tests.Support;

/// <summary>
/// The package as a host would run it: the real DI registrations over a real data directory, a fake clock, and
/// the hosted services started and stopped like the generic host does.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];

    private TestHost(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _provider;

    public IHumanRequestManager Manager => _provider.GetRequiredService<IHumanRequestManager>();

    public string FilePath => ((JsonFileHumanRequestStore)_provider.GetRequiredService<IHumanRequestStore>()).FilePath;

    /// <summary>A fake clock at a fixed, readable point in time (UTC).</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public static async Task<TestHost> StartAsync(
        string dataDirectory,
        FakeTimeProvider? time = null,
        Action<D8HumanRequestsOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool runHostedServices = true)
    {
        time ??= NewClock();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddD8HumanRequests(o =>
        {
            o.DataDirectory = dataDirectory;
            configure?.Invoke(o);
        });
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var host = new TestHost(provider, time);
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            if (runHostedServices)
            {
                foreach (var hosted in provider.GetServices<IHostedService>())
                {
                    await hosted.StartAsync(CancellationToken.None);
                    host._started.Add(hosted);
                }
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _started)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
