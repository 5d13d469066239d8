using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace D8.Shared.Configuration;

/// <summary>
/// Binds a configuration section onto an options object, as <c>ConfigurationBinder.Bind</c> does, but strictly: a key
/// that names no property, or a value that does not convert (inside objects, lists, arrays and dictionaries too), is a
/// failure naming the key's full path, the value and what was expected. The .NET binder drops such entries silently
/// (a list item whose number does not parse vanishes), which is how a master used to start without its rules.
/// </summary>
/// <remarks>
/// Lists and arrays are replaced by the section's items (not appended to, as the .NET binder does), so binding the same
/// section twice gives the same options. Dictionaries are merged key by key; an object already in a property or a
/// dictionary entry is bound onto. Scalars convert with the invariant culture (see <c>StrictConfigurationBinder.Values.cs</c>).
/// Reflection reaches the options' public properties; the root type is annotated for trimming, nested option types
/// must be kept by the package (see <see cref="Kept"/>). Shared source, compiled into each package that binds options.
/// </remarks>
internal sealed partial class StrictConfigurationBinder
{
    /// <summary>What the binder needs of an options type when the application is trimmed.</summary>
    internal const DynamicallyAccessedMemberTypes BoundMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    private const int MaxQuotedLength = 80;

    private readonly Dictionary<Type, CustomParser> _parsers;

    /// <summary>Creates a binder with the built-in conversions only.</summary>
    public StrictConfigurationBinder()
        : this([])
    {
    }

    private StrictConfigurationBinder(Dictionary<Type, CustomParser> parsers) => _parsers = parsers;

    /// <summary>A binder with the built-in conversions only.</summary>
    public static StrictConfigurationBinder Default { get; } = new();

    /// <summary>
    /// Returns a binder that reads values of <typeparamref name="T"/> with <paramref name="parse"/> (for example the
    /// wire names of an enum), for properties, list items and dictionary keys alike.
    /// </summary>
    /// <param name="parse">Parses one value; <see langword="false"/> when the text is not a <typeparamref name="T"/>.</param>
    /// <param name="expected">What a valid value looks like, for the failure message ("one of a, b, c").</param>
    public StrictConfigurationBinder WithParser<T>(ConfigurationValueParser<T> parse, string expected)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentException.ThrowIfNullOrWhiteSpace(expected);
        var parsers = new Dictionary<Type, CustomParser>(_parsers)
        {
            [typeof(T)] = new CustomParser(
                (string text, out object? result) =>
                {
                    var parsed = parse(text, out var value);
                    result = parsed ? value : null;
                    return parsed;
                },
                expected),
        };
        return new StrictConfigurationBinder(parsers);
    }

    /// <summary>Binds <paramref name="configuration"/> onto <paramref name="instance"/> and returns the failures.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="configuration">The section to bind (its children are the options' properties).</param>
    /// <param name="instance">The options to fill.</param>
    /// <returns>One line per failure (<c>D8:Master:Slaves:pc:Port: '76OO' is not a whole number</c>); empty when all bound.</returns>
    public IReadOnlyList<string> Bind<[DynamicallyAccessedMembers(BoundMembers)] T>(IConfiguration configuration, T instance)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(instance);
        var failures = new List<string>();
        if (configuration is IConfigurationSection { Value: { Length: > 0 } value } section)
        {
            failures.Add($"{section.Path}: {Quote(value)} is a value, but {section.Path} is a section of settings ({Names(typeof(T))})");
            return failures;
        }

        BindObject(configuration.GetChildren(), (configuration as IConfigurationSection)?.Path, instance, typeof(T), failures);
        return failures;
    }

    private void BindObject(IEnumerable<IConfigurationSection> children, string? path, object target, Type type, List<string> failures)
    {
        var properties = Properties(type);
        foreach (var child in children)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                failures.Add(UnknownKey(child, path, properties));
                continue;
            }

            var current = property.GetValue(target);
            if (!TryBind(child, property.PropertyType, current, failures, out var result) || ReferenceEquals(result, current))
            {
                continue;
            }

            if (property.SetMethod is { IsPublic: true })
            {
                property.SetValue(target, result);
            }
            else
            {
                failures.Add($"{child.Path}: cannot be set (the property {type.Name}.{property.Name} is read-only)");
            }
        }
    }

    /// <summary>Binds one section; <see langword="false"/> when it sets nothing (unset, or a failure was recorded).</summary>
    private bool TryBind(IConfigurationSection section, Type type, object? current, List<string> failures, out object? result)
    {
        result = null;
        var shape = Shape.Of(type, _parsers);
        var hasChildren = section.GetChildren().Any();
        if (shape.Kind == ShapeKind.Scalar)
        {
            if (hasChildren)
            {
                failures.Add($"{section.Path}: is a section, but {section.Path} takes a single value");
                return false;
            }

            if (section.Value is null)
            {
                return false;
            }

            if (TryConvert(section.Value, type, out result, out var problem))
            {
                return true;
            }

            failures.Add($"{section.Path}: {Quote(section.Value)} {problem}");
            return false;
        }

        if (shape.Kind == ShapeKind.Unsupported)
        {
            failures.Add($"{section.Path}: cannot be bound (the type {type.Name} is not supported by D8 configuration binding)");
            return false;
        }

        if (!string.IsNullOrEmpty(section.Value))
        {
            var what = shape.Kind == ShapeKind.Object ? $"a section of settings ({Names(type)})" : "a list of numbered items (" + ConfigurationPath.Combine(section.Path, "0") + ", ...)";
            failures.Add($"{section.Path}: {Quote(section.Value)} is a single value, but {section.Path} takes {what}");
            return false;
        }

        if (!hasChildren)
        {
            // An empty value (an empty JSON object or array, an empty variable) sets nothing.
            return false;
        }

        return shape.Kind switch
        {
            ShapeKind.List => TryBindList(section, type, shape.Element!, current, failures, out result),
            ShapeKind.Dictionary => TryBindDictionary(section, type, shape.Key!, shape.Element!, current, failures, out result),
            _ => TryBindNested(section, type, current, failures, out result),
        };
    }

    private bool TryBindNested(IConfigurationSection section, Type type, object? current, List<string> failures, out object? result)
    {
        result = current ?? Create(section, type, failures);
        if (result is null)
        {
            return false;
        }

        BindObject(section.GetChildren(), section.Path, result, type, failures);
        return true;
    }

    private bool TryBindList(IConfigurationSection section, Type type, Type element, object? current, List<string> failures, out object? result)
    {
        result = null;
        var items = new List<object?>();
        var indexed = new List<(int Index, IConfigurationSection Item)>();
        foreach (var child in section.GetChildren())
        {
            if (int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                indexed.Add((index, child));
            }
            else
            {
                failures.Add($"{child.Path}: {Quote(child.Key)} is not a list index (the items of {section.Path} are numbered: {ConfigurationPath.Combine(section.Path, "0")}, {ConfigurationPath.Combine(section.Path, "1")}, ...)");
            }
        }

        foreach (var (_, item) in indexed.OrderBy(pair => pair.Index))
        {
            if (TryBind(item, element, null, failures, out var value))
            {
                items.Add(value);
            }
        }

        if (type.IsArray)
        {
            var array = Array.CreateInstanceFromArrayType(type, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(items[i], i);
            }

            result = array;
            return true;
        }

        var list = current is null ? Create(section, type, failures) as IList : current as IList;
        if (list is null || list.IsReadOnly || list.IsFixedSize)
        {
            if (current is not null)
            {
                failures.Add($"{section.Path}: cannot be bound (the list there is read-only)");
            }

            return false;
        }

        // Replaced, not appended to: the same section bound twice must not double the items.
        list.Clear();
        foreach (var item in items)
        {
            list.Add(item);
        }

        result = list;
        return true;
    }

    private bool TryBindDictionary(IConfigurationSection section, Type type, Type key, Type element, object? current, List<string> failures, out object? result)
    {
        result = null;
        var dictionary = current is null ? Create(section, type, failures) as IDictionary : current as IDictionary;
        if (dictionary is null || dictionary.IsReadOnly)
        {
            if (current is not null)
            {
                failures.Add($"{section.Path}: cannot be bound (the dictionary there is read-only)");
            }

            return false;
        }

        foreach (var child in section.GetChildren())
        {
            if (!TryConvert(child.Key, key, out var name, out var problem) || name is null)
            {
                failures.Add($"{child.Path}: the key {Quote(child.Key)} {problem}");
                continue;
            }

            var existing = dictionary.Contains(name) ? dictionary[name] : null;
            if (TryBind(child, element, existing, failures, out var value))
            {
                dictionary[name] = value;
            }
        }

        result = dictionary;
        return true;
    }

    private static object? Create(IConfigurationSection section, Type type, List<string> failures)
    {
        var kept = Kept(type);
        if (kept.IsAbstract || kept.IsInterface || kept.GetConstructor(Type.EmptyTypes) is null)
        {
            failures.Add($"{section.Path}: cannot be bound (nothing to bind into: {type.Name} is not set and cannot be created)");
            return null;
        }

        return Activator.CreateInstance(kept);
    }

    private static PropertyInfo[] Properties(Type type) =>
        [.. Kept(type).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true })];

    private static string Names(Type type) => string.Join(", ", Properties(type).Select(property => property.Name));

    private static string UnknownKey(IConfigurationSection child, string? parent, PropertyInfo[] properties)
    {
        var names = properties.Select(property => property.Name).ToArray();
        var closest = SettingNames.Closest(child.Key, names);
        var where = string.IsNullOrEmpty(parent) ? "the configuration" : parent;
        return closest is not null
            ? $"{child.Path}: no such setting (did you mean {(string.IsNullOrEmpty(parent) ? closest : ConfigurationPath.Combine(parent, closest))}?)"
            : $"{child.Path}: no such setting ({where} has {string.Join(", ", names)})";
    }

    private static string Quote(string value) =>
        "'" + (value.Length > MaxQuotedLength ? string.Concat(value.AsSpan(0, MaxQuotedLength), "...") : value) + "'";

    /// <summary>
    /// The one place where a type reached through a property, a list item or a dictionary value is taken as kept by
    /// the trimmer. The root options type is annotated; the option types nested in it (for example
    /// <c>D8ResilienceOptions</c> in <c>D8MasterOptions</c>) are kept by their package with
    /// <c>[DynamicDependency]</c> on its options registration. A trimmed host whose options had other nested types
    /// would need the configuration binding source generator instead.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2068", Justification = "Nested option types are kept by their package; see the summary.")]
    [return: DynamicallyAccessedMembers(BoundMembers)]
    private static Type Kept(Type type) => type;

    private enum ShapeKind
    {
        Scalar,
        Object,
        List,
        Dictionary,
        Unsupported,
    }

    private sealed record Shape(ShapeKind Kind, Type? Key = null, Type? Element = null)
    {
        public static Shape Of(Type type, Dictionary<Type, CustomParser> parsers)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (parsers.ContainsKey(underlying) || IsScalar(underlying))
            {
                return new Shape(ShapeKind.Scalar);
            }

            if (type.IsArray)
            {
                return type.GetArrayRank() == 1 ? new Shape(ShapeKind.List, Element: type.GetElementType()) : new Shape(ShapeKind.Unsupported);
            }

            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                var arguments = type.GetGenericArguments();
                if (definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>)
                    || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(List<>))
                {
                    return new Shape(ShapeKind.List, Element: arguments[0]);
                }

                if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>))
                {
                    var key = Nullable.GetUnderlyingType(arguments[0]) ?? arguments[0];
                    return parsers.ContainsKey(key) || IsScalar(key)
                        ? new Shape(ShapeKind.Dictionary, arguments[0], arguments[1])
                        : new Shape(ShapeKind.Unsupported);
                }
            }

            return type.IsClass && type != typeof(object) && !typeof(IEnumerable).IsAssignableFrom(type)
                ? new Shape(ShapeKind.Object)
                : new Shape(ShapeKind.Unsupported);
        }
    }
}
