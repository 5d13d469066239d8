using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace D8.Shared.Configuration;

/// <summary>
/// Binds <typeparamref name="TOptions"/> strictly from a configuration section: the application's <c>D8:&lt;Name&gt;</c>
/// section (the <c>()</c> overloads) or the section an <c>(IConfiguration)</c> overload was given. A key that names no
/// setting, or a value that does not convert, throws <see cref="OptionsValidationException"/> listing every failure,
/// so validate-on-start reports it like any other option error.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class D8OptionsBinding<[DynamicallyAccessedMembers(StrictConfigurationBinder.BoundMembers)] TOptions> : IConfigureOptions<TOptions>
    where TOptions : class
{
    private readonly IConfiguration? _section;
    private readonly StrictConfigurationBinder _binder;

    private D8OptionsBinding(IConfiguration? section, StrictConfigurationBinder binder)
    {
        _section = section;
        _binder = binder;
    }

    /// <summary>Gets whether this binding was given its section (an <c>(IConfiguration)</c> overload).</summary>
    public bool IsExplicit { get; private init; }

    /// <summary>The binding of the application's <paramref name="sectionName"/> section; none without an <see cref="IConfiguration"/>.</summary>
    public static D8OptionsBinding<TOptions> ForApplication(IConfiguration? configuration, string sectionName, StrictConfigurationBinder binder) =>
        new(configuration?.GetSection(sectionName), binder);

    /// <summary>The binding of exactly <paramref name="section"/>.</summary>
    public static D8OptionsBinding<TOptions> ForSection(IConfiguration section, StrictConfigurationBinder binder) =>
        new(section, binder) { IsExplicit = true };

    public void Configure(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_section is null)
        {
            return;
        }

        var failures = _binder.Bind(_section, options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }
    }
}
