using System.Security.Cryptography;

namespace D8.Testing;

/// <summary>
/// The d8-slave image built from <c>deploy/docker/Dockerfile</c> on the local <see cref="DockerEngine.TestImage"/>
/// base (no registry is reachable), with the NativeAOT slave inside (<see cref="AotSlaveBinary"/>: the one
/// <c>.ci/run</c> published, or one published here), for the tests that run slaves as containers (the Dockerfile's own
/// test, the Docker provisioner). Built once per binary and serialised across processes; failures say what failed.
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
        var binary = await AotSlaveBinary.PathAsync();
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
