namespace D8.Distributed.Contracts;

/// <summary>The wire names of the execution methods (<c>method</c> in execute requests and responses).</summary>
public static class ExecutionMethod
{
    /// <summary>Let the slave choose: docker, else venv, else native python.</summary>
    public const string Auto = "auto";

    /// <summary>Run the Python code in a Docker container.</summary>
    public const string Docker = "docker";

    /// <summary>Run the Python code with the configured virtualenv's interpreter.</summary>
    public const string Venv = "venv";

    /// <summary>Run the Python code with the native interpreter.</summary>
    public const string Python = "python";

    /// <summary>Run <c>command</c> as a shell command line.</summary>
    public const string Shell = "shell";

    /// <summary>Gets every method name a request may carry.</summary>
    public static IReadOnlyList<string> All { get; } = [Auto, Docker, Venv, Python, Shell];

    /// <summary>Tells whether <paramref name="method"/> is one of <see cref="All"/> (ordinal, case-sensitive).</summary>
    /// <param name="method">The method name to check.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool IsKnown(string? method) => method is not null && All.Contains(method, StringComparer.Ordinal);
}
