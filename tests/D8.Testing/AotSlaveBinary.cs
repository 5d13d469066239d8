using System.Security.Cryptography;
using System.Text;

namespace D8.Testing;

/// <summary>
/// The NativeAOT d8-slave the Aot tests run: <c>D8_AOT_SLAVE</c> when set (.ci/run publishes it before the tests and
/// exports the path), else published here once with <c>dotnet publish -p:PublishAot=true</c> into a cache under the
/// temp directory keyed by the source (commit and uncommitted changes of src/ and samples/), so a developer's
/// <c>dotnet test</c> runs these tests too; clang and zlib1g-dev are installed with apt-get when missing (as root), and a
/// publish that fails fails the tests with its output.
/// </summary>
public static class AotSlaveBinary
{
    /// <summary>The environment variable naming a published binary to use instead.</summary>
    public const string Variable = "D8_AOT_SLAVE";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly Lazy<Task<string>> Binary = new(LocateAsync);

    /// <summary>The binary's path, published first when needed.</summary>
    public static Task<string> PathAsync() => Binary.Value;

    private static async Task<string> LocateAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return File.Exists(given)
                ? given
                : throw new InvalidOperationException($"{Variable}='{given}' names no file: publish d8-slave with NativeAOT there (see .ci/run) or unset it.");
        }

        var repository = RepositoryRoot();
        var key = await SourceKeyAsync(repository);
        var output = Path.Combine(Path.GetTempPath(), "d8-aot-slave", key);
        var binary = Path.Combine(output, "d8-slave");
        if (File.Exists(binary))
        {
            return binary;
        }

        // Two test processes (or projects) asking at once publish it once.
        using var machineLock = await MachineLock.AcquireAsync("d8-aot-slave-publish", PublishTimeout);
        if (File.Exists(binary))
        {
            return binary;
        }

        var staging = output + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        // NativeAOT links with clang against zlib: installed like the other fixtures' packages when missing.
        if (Requirements.FindOnPath("clang") is null)
        {
            await DebianPackages.InstallAsync("clang", "clang");
        }

        if (!File.Exists("/usr/include/zlib.h"))
        {
            await DebianPackages.InstallAsync("zlib1g-dev", "/usr/include/zlib.h");
        }

        var project = Path.Combine(repository, "samples", "D8.Slave.Sample");
        // Its own obj/bin (BaseIntermediateOutputPath is fixed at restore, so an artifacts path instead): the
        // publish must not race the test build's outputs of the same projects.
        var result = await ExternalCommand.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", staging, "--artifacts-path", Path.Combine(Path.GetTempPath(), "d8-aot-slave", "build")],
            PublishTimeout);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(staging, "d8-slave")))
        {
            throw new InvalidOperationException(
                "Publishing d8-slave with NativeAOT failed (it needs clang and zlib1g-dev: 'apt-get install -y clang zlib1g-dev'). "
                + $"Set {Variable} to a published binary to use that instead. Output:\n{result.Tail(4000)}");
        }

        Directory.Move(staging, output);
        return binary;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No D8.Distributed.sln above {AppContext.BaseDirectory}: the AOT tests publish samples/D8.Slave.Sample from the repository.");
    }

    private static async Task<string> SourceKeyAsync(string repository)
    {
        var head = await ExternalCommand.RunAsync("git", ["-C", repository, "rev-parse", "HEAD"], TimeSpan.FromSeconds(30));
        var changes = await ExternalCommand.RunAsync("git", ["-C", repository, "diff", "HEAD", "--", "src", "samples", "Directory.Build.props", "Directory.Packages.props"], TimeSpan.FromSeconds(30));
        if (head.ExitCode != 0)
        {
            throw new InvalidOperationException($"git rev-parse HEAD failed in {repository} (the AOT binary is cached per commit): {head.Output}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(changes.Output)))[..12];
        return $"{head.Output.Trim()[..12]}-{hash}";
    }
}
