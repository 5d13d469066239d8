using System.Diagnostics.CodeAnalysis;
using D8.Distributed.Core.Internal;
using D8.Shared.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

namespace D8.Distributed.Core;

/// <summary>Registers the D8 master: registry, health monitor, version sync, resilient slave client and dispatcher.</summary>
public static class D8MasterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the master, bound to the <c>D8:Master</c> section of the application's configuration when an
    /// <see cref="IConfiguration"/> is registered. Binding is strict: an unknown key or a value that does not convert
    /// fails start-up naming the key. Options are validated at start (a missing token names the setting). Safe to call twice.
    /// </summary>
    /// <remarks>
    /// The package reads no environment variable itself: a host that wants the variables of existing deployments
    /// (<c>SLAVE_TOKEN</c>, <c>D8_DATA_DIR</c>) adds <c>AddD8LegacyEnvironmentVariables()</c> to its configuration, as
    /// d8-master does.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder that chooses the master's stores (the task store defaults to SQLite in the data directory).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static D8MasterBuilder AddD8Master(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddOptions(services, section: null);
        return new D8MasterBuilder(AddCore(services));
    }

    /// <summary>
    /// Adds the master as <see cref="AddD8Master(IServiceCollection)"/> does (the <c>D8:Master</c> section), then applies
    /// <paramref name="configure"/>. Safe to call twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, after the configuration.</param>
    /// <returns>A builder that chooses the master's stores.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static D8MasterBuilder AddD8Master(this IServiceCollection services, Action<D8MasterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddD8Master();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the master, bound strictly to the given section only (the <c>D8:Master</c> section of the application's
    /// configuration is then not bound, also not by a later parameterless call). Safe to call twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="D8MasterOptions"/> (for example <c>D8:Master</c>).</param>
    /// <returns>A builder that chooses the master's stores.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static D8MasterBuilder AddD8Master(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddOptions(services, configuration);
        return new D8MasterBuilder(AddCore(services));
    }

    // The option types nested in D8MasterOptions, kept for the strict binder when the application is trimmed.
    [DynamicDependency(StrictConfigurationBinder.BoundMembers, typeof(D8ResilienceOptions))]
    [DynamicDependency(StrictConfigurationBinder.BoundMembers, typeof(D8SlaveEndpointOptions))]
    [DynamicDependency(StrictConfigurationBinder.BoundMembers, typeof(D8TaskQueueOptions))]
    [DynamicDependency(StrictConfigurationBinder.BoundMembers, typeof(D8AutoScaleOptions))]
    private static void AddOptions(IServiceCollection services, IConfiguration? section)
    {
        _ = section is null
            ? services.AddD8Options<D8MasterOptions>(D8MasterOptions.SectionName)
            : services.AddD8Options<D8MasterOptions>(section);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8MasterOptions>, D8MasterOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8MasterOptions>, D8MasterOptionsRulesValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<MasterVersion>();
        services.TryAddSingleton<D8Metrics>();
        // Everything internal depends on ISlaveRegistry only: a registry registered before AddD8Master() replaces this
        // one for the monitor, the dispatcher, the metrics and the dashboard alike.
        services.TryAddSingleton<ISlaveRegistry, FileSlaveRegistry>();
        services.TryAddSingleton<SlaveHealthChecker>();
        services.TryAddSingleton<ISlaveHealthMonitor>(sp => sp.GetRequiredService<SlaveHealthChecker>());
        services.TryAddSingleton<DurationModel>();
        services.TryAddSingleton<ISlaveSelector>(provider =>
            provider.GetRequiredService<IOptions<D8MasterOptions>>().Value is { SlaveSelection: D8SlaveSelection.LeastLoaded }
                ? new DefaultSlaveSelector()
                : new EarliestFinishSlaveSelector(provider.GetRequiredService<IOptions<D8MasterOptions>>().Value));
        services.TryAddSingleton<SlaveLoadTracker>();
        services.TryAddSingleton<LatencyTracker>();
        services.TryAddSingleton<TaskHistory>();
        services.TryAddSingleton<ITaskHistory>(sp => sp.GetRequiredService<TaskHistory>());
        services.TryAddSingleton<ITaskStore>(static sp => SqliteTaskStore.Create(sp, path: null));
        services.TryAddSingleton<TaskQueueSignals>();
        services.TryAddSingleton<TaskDispatchLoop>();
        services.TryAddSingleton<TaskQueue>();
        services.TryAddSingleton<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());
        services.TryAddSingleton<ITaskDispatcher, QueuedTaskDispatcher>();
        services.TryAddSingleton<ID8Leadership>(D8StandaloneLeadership.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TaskQueueService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HealthMonitorService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AutoScaler>());
        D8MasterHealthCheck.Register(services);

        if (!services.Any(descriptor => descriptor.ServiceType == typeof(SlaveClientFactory)))
        {
            services.AddSingleton<SlaveClientFactory>();
            services.TryAddSingleton<SlaveCertificatePinning>();
            services.TryAddSingleton<SlaveSecretStore>();
            var client = services.AddHttpClient(SlaveClientFactory.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static provider => new HttpClientHandler
                {
                    // Slaves sit on the local network or are reached directly: a machine-wide proxy would only get in
                    // the way. (The factory replaces the handler every 2 minutes, which also picks up DNS changes.)
                    UseProxy = false,

                    // HTTPS slaves: the pinned fingerprint only (HttpClientHandler's callback is given the request,
                    // so the slave's pin; SocketsHttpHandler's is not).
                    ServerCertificateCustomValidationCallback = provider.GetRequiredService<SlaveCertificatePinning>().Validate,
                })
                // No per-request log lines (the factory's default loggers would write two or four lines for every
                // health check); the health checker and the dispatcher log what matters, once, in D8's own words.
                .RemoveAllLoggers();
            client
                .AddResilienceHandler(SlaveResiliencePipeline.Name, static (builder, context) =>
                {
                    var options = context.ServiceProvider.GetRequiredService<IOptions<D8MasterOptions>>().Value;
                    var timeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                    var telemetry = context.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
                    SlaveResiliencePipeline.Configure(builder, options.Resilience, timeProvider, telemetry);
                })
                .SelectPipelineByAuthority();

            // Inside the pipeline: an attempt includes reading the whole body, so a reset mid-body is retried.
            client.AddHttpMessageHandler(static () => new ResponseBufferingHandler());
        }

        return services;
    }
}
