using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Shared.Configuration;

/// <summary>
/// The option wiring of every <c>AddD8*</c> method, so each overload means the same in every package:
/// <c>()</c> binds the application's <c>D8:&lt;Name&gt;</c> section when an <see cref="IConfiguration"/> is registered;
/// <c>(Action)</c> is <c>()</c> then the action; <c>(IConfiguration section)</c> binds only that section (the
/// <c>D8:&lt;Name&gt;</c> binding is dropped and not added again by a later <c>()</c>). Bindings always run before every
/// action, whichever call came first. Options are validated at start.
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
        if (!services.Any(IsBinding<TOptions>))
        {
            var strict = binder ?? StrictConfigurationBinder.Default;
            InsertBinding<TOptions>(services, ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, D8OptionsBinding<TOptions>>(
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

        InsertBinding<TOptions>(services, ServiceDescriptor.Singleton<IConfigureOptions<TOptions>>(
            D8OptionsBinding<TOptions>.ForSection(section, binder ?? StrictConfigurationBinder.Default)));
        return builder;
    }

    /// <summary>
    /// Puts a binding after the bindings already registered and before every other <see cref="IConfigureOptions{TOptions}"/>
    /// (the actions of <c>(Action)</c> overloads, the application's own <c>Configure</c> calls): configuration first,
    /// code after it, whatever the order of the calls. Appended, <c>AddX(section)</c> after <c>AddX(action)</c> would
    /// let the section override the action.
    /// </summary>
    private static void InsertBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(IServiceCollection services, ServiceDescriptor binding)
        where TOptions : class
    {
        var index = services.Count;
        for (var i = 0; i < services.Count; i++)
        {
            if (IsConfigure<TOptions>(services[i]) && !IsBinding<TOptions>(services[i]))
            {
                index = i;
                break;
            }
        }

        services.Insert(index, binding);
    }

    // Keyed descriptors throw when their implementation is read as unkeyed, hence the IsKeyedService checks first.
    private static bool IsConfigure<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        !descriptor.IsKeyedService && descriptor.ServiceType == typeof(IConfigureOptions<TOptions>);

    private static bool IsBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        IsApplicationBinding<TOptions>(descriptor) || IsExplicitBinding<TOptions>(descriptor);

    private static bool IsExplicitBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        IsConfigure<TOptions>(descriptor) && descriptor.ImplementationInstance is D8OptionsBinding<TOptions> { IsExplicit: true };

    private static bool IsApplicationBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions>(ServiceDescriptor descriptor)
        where TOptions : class =>
        IsConfigure<TOptions>(descriptor) && descriptor.ImplementationFactory is Func<IServiceProvider, D8OptionsBinding<TOptions>>;
}
