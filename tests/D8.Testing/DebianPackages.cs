namespace D8.Testing;

/// <summary>
/// Installs a Debian package a test fixture needs (Chromium, docker.io, debootstrap, postgresql) as on a fresh CI
/// machine: <c>apt-get install</c>, with an <c>apt-get update</c> first when the plain install fails (stale or missing
/// package lists), waiting for a dpkg lock another test project holds. Throws with what failed and how to install it
/// by hand; never skips.
/// </summary>
public static class DebianPackages
{
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(15);

    /// <summary>Installs <paramref name="package"/>, which provides <paramref name="program"/> (named in the messages).</summary>
    /// <param name="package">The Debian package.</param>
    /// <param name="program">What the fixture was looking for.</param>
    /// <param name="withRecommends">Whether its recommended packages come too (Chromium's fonts, for example).</param>
    public static async Task InstallAsync(string package, string program, bool withRecommends = false)
    {
        if (!File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException($"'{program}' is missing and apt-get is not available: install the package that provides it ({package} on Debian).");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"'{program}' is missing and the tests do not run as root, so they cannot install it: run 'apt-get update && apt-get install -y {package}' as root.");
        }

        string[] install = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", .. (withRecommends ? Array.Empty<string>() : ["--no-install-recommends"]), package];
        var result = await ExternalCommand.RunAsync("apt-get", install, InstallLimit);
        if (result.ExitCode != 0)
        {
            var update = await ExternalCommand.RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "update"], InstallLimit);
            result = update.ExitCode != 0 ? update : await ExternalCommand.RunAsync("apt-get", install, InstallLimit);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program}' is missing and 'apt-get install -y {package}' failed: {result.Tail()}. Install it by hand: apt-get update && apt-get install -y {package}");
        }
    }
}
