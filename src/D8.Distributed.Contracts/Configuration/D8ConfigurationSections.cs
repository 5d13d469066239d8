using D8.Shared.Configuration;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts;

/// <summary>
/// The sections under <c>D8</c> that the D8 packages read (<c>D8:Master</c>, <c>D8:Slave</c>, <c>D8:HumanRequests</c>,
/// <c>D8:Telegram</c>, <c>D8:Dashboard</c>, <c>D8:Cli</c>, <c>D8:PostgreSql</c>), and the check a host runs so that a misspelt one (<c>D8__Mastr__Token</c>)
/// stops it instead of being ignored: each package binds its own section strictly, but nothing reads a section
/// whose name is wrong.
/// </summary>
public static class D8ConfigurationSections
{
    /// <summary>The top-level section every D8 setting lives under.</summary>
    public const string Root = "D8";

    /// <summary>
    /// Gets the names of the sections under <see cref="Root"/>, one per package. All are accepted by every host, since
    /// an <c>appsettings.json</c> shared by the master and a slave holds the sections of both.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["Master", "Slave", "HumanRequests", "Telegram", "Dashboard", "Cli", "PostgreSql"];

    /// <summary>
    /// Returns one line for each child of <c>D8</c> in <paramref name="configuration"/> that is none of
    /// <see cref="Names"/> (compared as configuration keys are, ignoring case), with the name it probably meant:
    /// <c>D8:Mastr: no such section (did you mean D8:Master?)</c>.
    /// </summary>
    /// <param name="configuration">The application's configuration (its root, not a section of it).</param>
    /// <returns>The problems, in key order; empty when every section under <c>D8</c> is known.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> FindUnknown(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var child in configuration.GetSection(Root).GetChildren())
        {
            if (Names.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            problems.Add(SettingNames.Closest(child.Key, Names) is { } closest
                ? $"{child.Path}: no such section (did you mean {Root}:{closest}?)"
                : $"{child.Path}: no such section ({Root} has {string.Join(", ", Names)})");
        }

        return problems;
    }
}
