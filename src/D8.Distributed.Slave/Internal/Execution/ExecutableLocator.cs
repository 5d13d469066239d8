using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Finds executables on <see cref="D8SlaveOptions.ExecutableSearchPath"/> and then <c>PATH</c>, and builds the
/// <c>PATH</c> children see, without ever changing this process's environment.
/// </summary>
internal sealed class ExecutableLocator(IOptions<D8SlaveOptions> options)
{
    private readonly string? _extraSearchPath = string.IsNullOrWhiteSpace(options.Value.ExecutableSearchPath) ? null : options.Value.ExecutableSearchPath;

    /// <summary>Gets the <c>PATH</c> value for child processes: the extra directories first, then this process's <c>PATH</c>.</summary>
    public string ChildPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            return _extraSearchPath is null ? path : _extraSearchPath + Path.PathSeparator + path;
        }
    }

    /// <summary>Resolves <paramref name="name"/> to a full path; a name with a directory part is only checked.</summary>
    public string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        foreach (var directory in ChildPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }
}
