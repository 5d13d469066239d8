using System.Diagnostics.CodeAnalysis;
using D8.HumanRequests.Internal;
using D8.Shared.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace D8.HumanRequests;

/// <summary>Registers human requests: <see cref="IHumanRequestManager"/>, the JSON store, auto-approval rules, owner
/// alerts (<see cref="IOwnerAlerts"/>) and the background service that delivers notifications and alerts and brings
/// postponed requests back.</summary>
public static class D8HumanRequestsServiceCollectionExtensions
{
    /// <summary>
    /// Adds human requests, bound to the <c>D8:HumanRequests</c> section of the application's configuration when an
    /// <see cref="IConfiguration"/> is registered (else the defaults: data directory <c>~/Documents/d8_data</c>).
    /// Binding is strict: an unknown key or a value that does not convert (a rule's <c>MaxCost</c> of <c>20,00</c>)
    /// fails start-up naming the key. Options are validated at start. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddOptions(services, section: null);
        return services.AddCore();
    }

    /// <summary>Adds human requests as <see cref="AddD8HumanRequests(IServiceCollection)"/> does (the
    /// <c>D8:HumanRequests</c> section), then applies <paramref name="configure"/>. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options, after the configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services, Action<D8HumanRequestsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddD8HumanRequests();
        services.Configure(configure);
        return services;
    }

    /// <summary>Adds human requests, bound strictly to the given section only (the application's
    /// <c>D8:HumanRequests</c> section is then not bound, also not by a later parameterless call). Safe to call more
    /// than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("D8:HumanRequests")</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8HumanRequests(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddOptions(services, configuration);
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

    /// <summary>Registers a notifier that receives every owner alert (<see cref="OwnerAlert"/>: a slave down,
    /// recovered, on another version), delivered from the same durable outbox as request notifications. Registering
    /// the same type twice is harmless.</summary>
    /// <typeparam name="TNotifier">The notifier type, resolved as a singleton.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8OwnerAlertNotifier<TNotifier>(this IServiceCollection services)
        where TNotifier : class, IOwnerAlertNotifier
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOwnerAlertNotifier, TNotifier>());
        return services;
    }

    // The rules, nested in the options, are kept for the strict binder when the application is trimmed.
    [DynamicDependency(StrictConfigurationBinder.BoundMembers, typeof(HumanRequestAutoApprovalRule))]
    private static void AddOptions(IServiceCollection services, IConfiguration? section)
    {
        _ = section is null
            ? services.AddD8Options<D8HumanRequestsOptions>(D8HumanRequestsOptions.SectionName, HumanRequestsBinder.Instance)
            : services.AddD8Options<D8HumanRequestsOptions>(section, HumanRequestsBinder.Instance);
    }

    private static IServiceCollection AddCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8HumanRequestsOptions>, D8HumanRequestsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8HumanRequestsOptions>, D8HumanRequestsOptionsRulesValidator>());
        services.TryAddSingleton<HumanRequestsSignal>();
        services.TryAddSingleton<IHumanRequestsLeadership, StandaloneHumanRequestsLeadership>();
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
        services.TryAddSingleton<IHumanRequestSentMessages>(sp => new HumanRequestSentMessages(sp.GetRequiredService<IHumanRequestStore>()));
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
            sp.GetRequiredService<IHumanRequestsLeadership>(),
            sp.GetRequiredService<TimeProvider>(),
            Options(sp),
            Logger<HumanRequestsBackgroundService>(sp),
            sp.GetRequiredService<OwnerAlertOutbox>())));
        services.TryAddSingleton(sp => new OwnerAlertOutbox(
            sp.GetRequiredService<IHumanRequestStore>(),
            sp.GetServices<IOwnerAlertNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            Options(sp),
            Logger<OwnerAlertOutbox>(sp)));
        services.TryAddSingleton<IOwnerAlerts>(sp => new OwnerAlertService(
            sp.GetRequiredService<IHumanRequestStore>(),
            sp.GetRequiredService<HumanRequestsSignal>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<OwnerAlertService>(sp)));
        return services;
    }

    private static D8HumanRequestsOptions Options(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;

    // Logging is optional: a CLI may resolve the manager without having registered logging.
    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
