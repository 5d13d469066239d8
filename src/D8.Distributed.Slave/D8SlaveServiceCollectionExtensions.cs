using D8.Distributed.Slave.Internal;
using D8.Shared.Configuration;
using Microsoft.AspNetCore.Hosting;
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
    /// Adds the D8 slave, bound to the <c>D8:Slave</c> section of the application's configuration when an
    /// <see cref="IConfiguration"/> is registered. Map the endpoints with <c>app.MapD8SlaveApi()</c>. Binding is strict
    /// (an unknown key or a value that does not convert fails start-up naming the key), and options are validated at
    /// start-up: without a token the slave refuses to start and says how to set one. Calling it again is harmless.
    /// </summary>
    /// <remarks>
    /// The package reads no environment variable: a host that wants <c>SLAVE_TOKEN</c>, <c>SLAVE_HOST</c> and
    /// <c>SLAVE_PORT</c> adds <c>AddD8LegacyEnvironmentVariables()</c> to its configuration, as d8-slave does.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddD8Options<D8SlaveOptions>(D8SlaveOptions.SectionName);
        AddCore(services);
        return services;
    }

    /// <summary>
    /// Adds the D8 slave as <see cref="AddD8Slave(IServiceCollection)"/> does (the <c>D8:Slave</c> section), then
    /// applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, after the configuration.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services, Action<D8SlaveOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddD8Slave();
        services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Adds the D8 slave, bound strictly to <paramref name="configuration"/> only (a section shaped like
    /// <see cref="D8SlaveOptions"/>; the application's <c>D8:Slave</c> section is then not bound, also not by a later
    /// parameterless call).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Slave(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddD8Options<D8SlaveOptions>(configuration);
        AddCore(services);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8SlaveOptions>, D8SlaveOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8SlaveOptions>, D8SlaveOptionsRules>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HostOptions>, HostShutdownTimeoutSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BearerTokenAuthenticator>();
        services.TryAddSingleton<SlaveVersionProvider>();
        services.TryAddSingleton<ExecutableLocator>();
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<ProbeRunner>();
        services.TryAddSingleton<DockerContainers>();
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
        services.TryAddSingleton<SlaveCertificate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, SlaveKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, SlaveErrorBodies>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CapabilityMonitor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SlaveShutdownService>());
    }
}
