using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Turns a request's <c>working_dir</c> into an existing absolute directory, inside the workspace root when one is set.
/// </summary>
internal sealed class WorkingDirectoryResolver(IOptions<D8SlaveOptions> options)
{
    private readonly string? _root = options.Value.WorkspaceRoot is { Length: > 0 } root ? Path.GetFullPath(root) : null;
    private readonly string? _default = options.Value.DefaultWorkingDirectory is { Length: > 0 } directory ? Path.GetFullPath(directory) : null;

    /// <summary>Gets the directory used when a request names none.</summary>
    public string DefaultDirectory => _default ?? _root ?? Environment.CurrentDirectory;

    /// <summary>Resolves <paramref name="requested"/>; on failure returns <see langword="null"/> and a message naming the problem.</summary>
    public string? Resolve(string? requested, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(requested))
        {
            return DefaultDirectory;
        }

        string full;
        try
        {
            full = Path.GetFullPath(requested, _root ?? DefaultDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"working_dir '{requested}' is not a valid path: {ex.Message}";
            return null;
        }

        if (!Directory.Exists(full))
        {
            error = $"working_dir '{requested}' does not exist or is not a directory";
            return null;
        }

        if (_root is not null)
        {
            // A symbolic link at the end of the path must not lead out of the workspace either.
            var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            if (!IsInside(full, _root) || !IsInside(target, _root))
            {
                error = $"working_dir '{requested}' lies outside the workspace root '{_root}'";
                return null;
            }
        }

        return full;
    }

    /// <summary>Tells whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both absolute).</summary>
    internal static bool IsInside(string path, string root)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        var trimmedPath = Path.TrimEndingDirectorySeparator(path);
        return trimmedPath.Equals(trimmedRoot, comparison)
            || trimmedPath.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, comparison);
    }
}
