using D8.Distributed.Slave.Internal;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave;

/// <summary>Registers the D8 slave: options, capability probing, execution and graceful shutdown.</summary>
public static class D8SlaveServiceCollectionExtensions
{
    /// <summary>
    /// Adds the D8 slave with options bound from the application's <c>D8:Slave</c> configuration section (and the
    /// token from <c>SLAVE_TOKEN</c> / <c>SLAVE_AUTH_TOKEN</c> when none is set there). Map the endpoints with
    /// <c>app.MapD8SlaveApi()</c>. Options are validated at start-up. Calling it again is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        return services;
    }

    /// <summary>
    /// Adds the D8 slave like <see cref="AddD8Slave(IServiceCollection)"/>, then applies <paramref name="configure"/>
    /// on top of the configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services, Action<D8SlaveOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Adds the D8 slave like <see cref="AddD8Slave(IServiceCollection)"/>, then binds <paramref name="configuration"/>
    /// (a section shaped like <see cref="D8SlaveOptions"/>) on top.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.Configure<D8SlaveOptions>(configuration);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<D8SlaveOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<D8SlaveOptions>, SlaveConfigurationSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<D8SlaveOptions>, SlaveConfigurationSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8SlaveOptions>, D8SlaveOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8SlaveOptions>, D8SlaveOptionsRules>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HostOptions>, HostShutdownTimeoutSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BearerTokenAuthenticator>();
        services.TryAddSingleton<SlaveVersionProvider>();
        services.TryAddSingleton<ExecutableLocator>();
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<ProbeRunner>();
        // The order of the execution methods is the order auto tries them (shell is never chosen by auto).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, DockerMethod>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, VenvMethod>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, PythonMethod>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, ShellMethod>());
        services.TryAddSingleton<CapabilityProbe>();
        services.TryAddSingleton<WorkingDirectoryResolver>();
        services.TryAddSingleton<ExecutionPlanner>();
        services.TryAddSingleton<ExecutionSlots>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<SlaveLifecycle>();
        services.TryAddSingleton<SlaveExecutor>();
        services.TryAddSingleton<SlaveApiHandlers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, SlaveKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CapabilityMonitor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SlaveShutdownService>());
    }
}
