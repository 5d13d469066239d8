using D8.Dashboard.Internal;
using D8.Shared.Configuration;
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
    /// Adds the dashboard, bound to the <c>D8:Dashboard</c> section of the application's configuration when an
    /// <see cref="IConfiguration"/> is registered. Binding is strict (an unknown key or a value that does not convert
    /// fails start-up naming the key); options are validated at start. Needs <c>AddD8Master</c> and
    /// <c>AddD8HumanRequests</c>. Safe to call twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Dashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddD8Options<D8DashboardOptions>(D8DashboardOptions.SectionName);
        return AddCore(services);
    }

    /// <summary>Adds the dashboard as <see cref="AddD8Dashboard(IServiceCollection)"/> does (the <c>D8:Dashboard</c>
    /// section), then applies <paramref name="configure"/>. Safe to call twice.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, after the configuration.</param>
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

    /// <summary>Adds the dashboard, bound strictly to the given section only (the application's <c>D8:Dashboard</c>
    /// section is then not bound, also not by a later parameterless call). Safe to call twice.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="D8DashboardOptions"/> (for example <c>D8:Dashboard</c>).</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8Dashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddD8Options<D8DashboardOptions>(configuration);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8DashboardOptions>, D8DashboardOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8DashboardOptions>, D8DashboardOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignInGate>();
        services.TryAddSingleton<DashboardSessionStamp>();
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
