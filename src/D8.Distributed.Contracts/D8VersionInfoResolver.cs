using System.Reflection;
using System.Text.Json;

namespace D8.Distributed.Contracts;

/// <summary>
/// Resolves a node's <see cref="D8VersionInfo"/>: each part comes, in order, from explicit configuration,
/// a <c>version_info.json</c> file (<c>{"commit","version","branch"}</c>) in the content root, or the assembly's
/// informational version (<c>1.2.3+&lt;commit&gt;</c>). Parts found nowhere are <c>unknown</c>.
/// </summary>
public static class D8VersionInfoResolver
{
    /// <summary>The file name looked for in the content root.</summary>
    public const string VersionFileName = "version_info.json";

    /// <summary>Resolves the version info.</summary>
    /// <param name="configured">Explicitly configured parts; <see langword="null"/> or empty parts fall through.</param>
    /// <param name="contentRootPath">The directory holding <c>version_info.json</c>; <see langword="null"/> to skip the file.</param>
    /// <param name="assembly">The assembly whose informational version is the last resort; <see langword="null"/> for the entry assembly.</param>
    /// <returns>The resolved version info; never <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The version file exists but is not valid JSON; the message names the file.</exception>
    public static D8VersionInfo Resolve(D8VersionInfo? configured, string? contentRootPath, Assembly? assembly = null)
    {
        var fromFile = contentRootPath is null ? null : ReadFile(Path.Combine(contentRootPath, VersionFileName));
        var fromAssembly = FromAssembly(assembly ?? Assembly.GetEntryAssembly());

        return new D8VersionInfo(
            Pick(configured?.Commit, fromFile?.Commit, fromAssembly.Commit),
            Pick(configured?.Version, fromFile?.Version, fromAssembly.Version),
            Pick(configured?.Branch, fromFile?.Branch, fromAssembly.Branch));
    }

    /// <summary>Reads the commit and version from an assembly's <see cref="AssemblyInformationalVersionAttribute"/>.</summary>
    /// <param name="assembly">The assembly to read; <see langword="null"/> gives <see cref="D8VersionInfo.Unknown"/>.</param>
    /// <returns>The version before <c>+</c> and the commit after it; the branch is always unknown.</returns>
    public static D8VersionInfo FromAssembly(Assembly? assembly)
    {
        var informational = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrWhiteSpace(informational))
        {
            return D8VersionInfo.Unknown;
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return D8VersionInfo.Unknown with { Version = informational };
        }

        var version = informational[..plus];
        var commit = informational[(plus + 1)..];
        return new D8VersionInfo(
            commit.Length == 0 ? D8VersionInfo.UnknownValue : commit,
            version.Length == 0 ? D8VersionInfo.UnknownValue : version,
            D8VersionInfo.UnknownValue);
    }

    private static D8VersionInfo? ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"The version file '{path}' must hold a JSON object with commit, version and branch.");
            }

            return new D8VersionInfo(
                ReadString(document.RootElement, "commit"),
                ReadString(document.RootElement, "version"),
                ReadString(document.RootElement, "branch"));
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The version file '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string Pick(params string?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrWhiteSpace(candidate) && candidate != D8VersionInfo.UnknownValue)
            {
                return candidate;
            }
        }

        return D8VersionInfo.UnknownValue;
    }
}
