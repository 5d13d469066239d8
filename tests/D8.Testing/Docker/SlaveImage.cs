using System.Security.Cryptography;
using System.Text;

namespace D8.Testing;

/// <summary>
/// The d8-slave image built from <c>deploy/docker/Dockerfile</c> on the local <see cref="DockerEngine.TestImage"/>
/// base (no registry is reachable), for the tests that run slaves as containers (the Docker provisioner). The binary
/// inside is the NativeAOT slave <c>.ci/run</c> published when <c>D8_AOT_SLAVE</c> names it; otherwise d8-slave is
/// published here once (self-contained, single file, linux-x64) into a cache keyed by a hash of the slave's sources, so
/// a changed slave is never tested from a stale binary. Serialised across processes; failures say what failed.
/// </summary>
public static class SlaveImage
{
    private static readonly Lazy<Task<string>> Ready = new(BuildAsync);

    /// <summary>Makes sure the engine runs and the image exists; returns the image's tag.</summary>
    public static Task<string> EnsureAsync() => Ready.Value;

    private static async Task<string> BuildAsync()
    {
        await DockerEngine.EnsureAsync();
        var root = RepositoryRoot();
        using var exclusive = await MachineLock.AcquireAsync("d8-slave-image", TimeSpan.FromMinutes(20));
        var binary = Environment.GetEnvironmentVariable("D8_AOT_SLAVE") is { Length: > 0 } aot && File.Exists(aot)
            ? aot
            : await PublishAsync(root);
        var context = Path.Combine(Path.GetTempPath(), "d8-slave-image-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        try
        {
            File.Copy(binary, Path.Combine(context, "d8-slave"));   // keeps the executable bits
            var tag = "d8-slave:test-" + Hash(File.ReadAllBytes(binary))[..12];
            if ((await DockerEngine.DockerAsync("image", "inspect", "--format", "{{.Id}}", tag)).ExitCode == 0)
            {
                return tag;
            }

            var built = await ExternalCommand.RunAsync(
                DockerEngine.Client,
                ["build", "--file", Path.Combine(root, "deploy", "docker", "Dockerfile"), "--build-arg", "BASE=" + DockerEngine.TestImage, "--tag", tag, context],
                TimeSpan.FromMinutes(10),
                new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" });
            if (built.ExitCode != 0)
            {
                throw new InvalidOperationException($"'docker build -f deploy/docker/Dockerfile --build-arg BASE={DockerEngine.TestImage} -t {tag}' failed: {built.Tail()}");
            }

            return tag;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>Publishes d8-slave into the cache unless a publish of the same sources is there; returns the executable.</summary>
    private static async Task<string> PublishAsync(string root)
    {
        var key = Hash(SourceBytes(root))[..16];
        var output = Path.Combine(DockerEngine.CacheDirectory, "d8-slave-publish-" + key);
        var executable = Path.Combine(output, "d8-slave");
        if (File.Exists(executable))
        {
            return executable;
        }

        var temporary = output + ".tmp-" + Guid.NewGuid().ToString("N");
        var published = await ExternalCommand.RunAsync(
            "dotnet",
            ["publish", Path.Combine(root, "samples", "D8.Slave.Sample"), "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-o", temporary],
            TimeSpan.FromMinutes(10));
        if (published.ExitCode != 0 || !File.Exists(Path.Combine(temporary, "d8-slave")))
        {
            throw new InvalidOperationException($"'dotnet publish samples/D8.Slave.Sample -r linux-x64 --self-contained' for the d8-slave image failed: {published.Tail()}");
        }

        Directory.CreateDirectory(DockerEngine.CacheDirectory);
        Directory.Move(temporary, output);
        return executable;
    }

    /// <summary>The slave's sources and build files, in a stable order: what the published binary depends on.</summary>
    private static byte[] SourceBytes(string root)
    {
        using var all = new MemoryStream();
        string[] folders = ["src/D8.Distributed.Slave", "src/D8.Distributed.Contracts", "src/Shared", "samples/D8.Slave.Sample"];
        var files = folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(root, "Directory.*.props"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "Directory.*.props"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            all.Write(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file)));
            all.Write(File.ReadAllBytes(file));
        }

        return all.ToArray();
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"The repository root (D8.Distributed.sln) was not found above '{AppContext.BaseDirectory}'.");
    }
}
