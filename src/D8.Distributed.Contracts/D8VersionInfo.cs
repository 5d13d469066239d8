namespace D8.Distributed.Contracts;

/// <summary>
/// The version of a D8 node: git commit, version string and branch. Also the body of <c>GET /api/version</c>.
/// </summary>
/// <param name="Commit">The git commit the node was built from, or <c>unknown</c>.</param>
/// <param name="Version">The version string (for example <c>1.0.0</c>), or <c>unknown</c>.</param>
/// <param name="Branch">The git branch the node was built from, or <c>unknown</c>.</param>
public sealed record D8VersionInfo(string Commit, string Version, string Branch)
{
    /// <summary>The value used for every part of the version that cannot be determined.</summary>
    public const string UnknownValue = "unknown";

    /// <summary>Gets a version info whose three parts are all <c>unknown</c>.</summary>
    public static D8VersionInfo Unknown { get; } = new(UnknownValue, UnknownValue, UnknownValue);
}
