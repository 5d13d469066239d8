using D8.Dashboard.Internal;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Dashboard;

/// <summary>Registers the D8 web dashboard; map its pages with <see cref="D8DashboardEndpointRouteBuilderExtensions.MapD8Dashboard"/>.</summary>
public static class D8DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard, bound to the <c>D8:Dashboard</c> configuration section when an <see cref="IConfiguration"/>
    /// is registered. Needs <c>AddD8Master</c> and <c>AddD8HumanRequests</c>. Safe to call twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Dashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<D8DashboardOptions>, D8DashboardOptionsFromConfiguration>());
        return AddCore(services);
    }

    /// <summary>Adds the dashboard, configured in code (after the <c>D8:Dashboard</c> section). Safe to call twice.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Dashboard(this IServiceCollection services, Action<D8DashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddD8Dashboard();
        services.Configure(configure);
        return services;
    }

    /// <summary>Adds the dashboard, bound to the given configuration section. Safe to call twice.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="D8DashboardOptions"/> (for example <c>D8:Dashboard</c>).</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Dashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<D8DashboardOptions>(configuration);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<D8DashboardOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8DashboardOptions>, D8DashboardOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8DashboardOptions>, D8DashboardOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignInGate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DashboardStartupLog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, DashboardKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>, DashboardAntiforgerySetup>());
        services.AddAntiforgery();

        // AddCookie throws when the scheme exists, so the scheme is added once; its options follow the dashboard's.
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(DashboardCookieSetup)))
        {
            services.AddSingleton<DashboardCookieSetup>();
            services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>>(sp => sp.GetRequiredService<DashboardCookieSetup>());
            services.AddSingleton<IConfigureNamedOptions<CookieAuthenticationOptions>>(sp => sp.GetRequiredService<DashboardCookieSetup>());
            services.AddAuthentication().AddCookie(DashboardCookieSetup.Scheme);
        }

        return services;
    }
}
