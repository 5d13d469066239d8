using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace D8.Testing.Logging;

/// <summary>The <c>[LoggerMessage]</c> event ids of a package, for the "one range per package" rule (Core 1xxx,
/// Slave 2xxx, HumanRequests 3xxx, Dashboard 4xxx, Telegram 5xxx).</summary>
public static class LogEventIds
{
    /// <summary>Every <c>[LoggerMessage]</c> method of <paramref name="assembly"/> with its declared event id.</summary>
    public static IReadOnlyList<(string Method, int EventId)> Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        return
        [
            .. from type in assembly.GetTypes()
               from method in type.GetMethods(All)
               let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
               where attribute is not null
               orderby attribute.EventId
               select ($"{type.FullName}.{method.Name}", attribute.EventId),
        ];
    }

    /// <summary>Fails unless <paramref name="assembly"/> has log messages, each with its own id in
    /// <paramref name="first"/>..<paramref name="last"/>.</summary>
    public static void AssertAllInRange(Assembly assembly, int first, int last)
    {
        var messages = Of(assembly);
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.True(m.EventId >= first && m.EventId <= last, $"{m.Method} has event id {m.EventId}, outside {first}–{last}"));
        var duplicates = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        Assert.Empty(duplicates);
    }
}
