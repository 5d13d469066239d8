using D8.HumanRequests.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace D8.HumanRequests;

/// <summary>Registers human requests: <see cref="IHumanRequestManager"/>, the JSON store, auto-approval rules and the
/// background service that delivers notifications and brings postponed requests back.</summary>
public static class D8HumanRequestsServiceCollectionExtensions
{
    /// <summary>Adds human requests with default options (data directory from <c>D8_DATA_DIR</c>, else
    /// <c>~/Documents/d8_data</c>). Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<D8HumanRequestsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<D8HumanRequestsOptions>, HumanRequestsConfigurationSetup>());
        return services.AddCore();
    }

    /// <summary>Adds human requests, configuring the options in code. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services, Action<D8HumanRequestsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptionsWithValidateOnStart<D8HumanRequestsOptions>().Configure(configure);
        return services.AddCore();
    }

    /// <summary>Adds human requests, binding the options from a configuration section (conventionally
    /// <see cref="D8HumanRequestsOptions.SectionName"/>). Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("D8:HumanRequests")</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<D8HumanRequestsOptions>().Bind(configuration);
        return services.AddCore();
    }

    /// <summary>Registers a notifier that receives every human request notification (new, due again,
    /// auto-approved). Registering the same type twice is harmless.</summary>
    /// <typeparam name="TNotifier">The notifier type, resolved as a singleton.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8HumanRequestNotifier<TNotifier>(this IServiceCollection services)
        where TNotifier : class, IHumanRequestNotifier
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHumanRequestNotifier, TNotifier>());
        return services;
    }

    private static IServiceCollection AddCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8HumanRequestsOptions>, D8HumanRequestsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8HumanRequestsOptions>, D8HumanRequestsOptionsRulesValidator>());
        services.TryAddSingleton<HumanRequestsSignal>();
        services.TryAddSingleton<IHumanRequestStore>(sp => new JsonFileHumanRequestStore(
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            Logger<JsonFileHumanRequestStore>(sp),
            PhysicalFileSystem.Instance));
        services.TryAddSingleton(sp => new HumanRequestManager(
            sp.GetRequiredService<IHumanRequestStore>(),
            sp.GetRequiredService<TimeProvider>(),
            Options(sp),
            sp.GetRequiredService<HumanRequestsSignal>(),
            Logger<HumanRequestManager>(sp)));
        services.TryAddSingleton<IHumanRequestManager>(sp => sp.GetRequiredService<HumanRequestManager>());
        services.TryAddSingleton(sp => new HumanRequestOutbox(
            sp.GetRequiredService<IHumanRequestStore>(),
            sp.GetServices<IHumanRequestNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            Options(sp),
            Logger<HumanRequestOutbox>(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HumanRequestsBackgroundService>(sp => new HumanRequestsBackgroundService(
            sp.GetRequiredService<HumanRequestManager>(),
            sp.GetRequiredService<HumanRequestOutbox>(),
            sp.GetRequiredService<HumanRequestsSignal>(),
            sp.GetRequiredService<TimeProvider>(),
            Options(sp),
            Logger<HumanRequestsBackgroundService>(sp))));
        return services;
    }

    private static D8HumanRequestsOptions Options(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;

    // Logging is optional: a CLI may resolve the manager without having registered logging.
    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
