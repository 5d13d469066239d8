using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace D8.Shared.Configuration;

/// <summary>
/// The option wiring of every <c>AddD8*</c> method, so each overload means the same in every package:
/// <c>()</c> binds the application's <c>D8:&lt;Name&gt;</c> section when an <see cref="IConfiguration"/> is registered;
/// <c>(Action)</c> is <c>()</c> then the action; <c>(IConfiguration section)</c> binds only that section (the
/// <c>D8:&lt;Name&gt;</c> binding is dropped and not added again by a later <c>()</c>). Options are validated at start.
/// Calling any of them twice is harmless: bindings replace lists instead of appending to them.
/// </summary>
internal static class D8OptionsServiceCollectionExtensions
{
    /// <summary>Registers the options of a <c>()</c> (or <c>(Action)</c>) overload, bound from <paramref name="sectionName"/>.</summary>
    public static OptionsBuilder<TOptions> AddD8Options<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(
        this IServiceCollection services, string sectionName, StrictConfigurationBinder? binder = null)
        where TOptions : class
    {
        var builder = services.AddOptionsWithValidateOnStart<TOptions>();
        if (!services.Any(IsExplicitBinding<TOptions>))
        {
            var strict = binder ?? StrictConfigurationBinder.Default;
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, D8OptionsBinding<TOptions>>(
                provider => D8OptionsBinding<TOptions>.ForApplication(provider.GetService<IConfiguration>(), sectionName, strict)));
        }

        return builder;
    }

    /// <summary>Registers the options of an <c>(IConfiguration section)</c> overload: bound from <paramref name="section"/> only.</summary>
    public static OptionsBuilder<TOptions> AddD8Options<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(
        this IServiceCollection services, IConfiguration section, StrictConfigurationBinder? binder = null)
        where TOptions : class
    {
        var builder = services.AddOptionsWithValidateOnStart<TOptions>();
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (IsApplicationBinding<TOptions>(services[i]))
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IConfigureOptions<TOptions>>(D8OptionsBinding<TOptions>.ForSection(section, binder ?? StrictConfigurationBinder.Default));
        return builder;
    }

    // Keyed descriptors throw when their implementation is read as unkeyed, hence the IsKeyedService checks first.
    private static bool IsExplicitBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        !descriptor.IsKeyedService && descriptor.ServiceType == typeof(IConfigureOptions<TOptions>)
        && descriptor.ImplementationInstance is D8OptionsBinding<TOptions> { IsExplicit: true };

    private static bool IsApplicationBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        !descriptor.IsKeyedService && descriptor.ServiceType == typeof(IConfigureOptions<TOptions>)
        && descriptor.ImplementationFactory is Func<IServiceProvider, D8OptionsBinding<TOptions>>;
}
