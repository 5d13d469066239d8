using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>
/// deploy/docker/Dockerfile built from the published NativeAOT d8-slave on the local base image (no registry:
/// <see cref="DockerEngine.TestImage"/>, through the Dockerfile's <c>BASE</c> build argument; <see cref="SlaveImage"/>), then run: the container
/// runs as the non-root user, its HEALTHCHECK turns it <c>healthy</c>, and a task executes inside it.
/// </summary>
public sealed class DockerfileTests
{
    [Fact]
    public async Task Dockerfile_BuiltFromTheAotBinary_RunsHealthyAsNonRootAndExecutesATask()
    {
        var tag = await SlaveImage.EnsureAsync();   // deploy/docker/Dockerfile on the local base, the AOT binary inside
        var name = "d8-dockerfile-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // The image's own HEALTHCHECK command, checked every second instead of every 30 s.
            var run = await DockerEngine.DockerAsync(
                "run", "-d", "--name", name, "--health-interval=1s", "--health-start-period=0s", "-p", "127.0.0.1::7600",
                "-e", "SLAVE_TOKEN=" + SlaveServer.Token, tag);
            Assert.True(run.ExitCode == 0, $"docker run failed: {run.Tail()}");

            await Poll.UntilAsync(
                async () => (await DockerEngine.DockerAsync("inspect", "--format", "{{.State.Health.Status}}", name)).Output.Trim() == "healthy",
                $"container {name} to be healthy",
                TimeSpan.FromMinutes(2));
            var user = await DockerEngine.DockerAsync("exec", name, "id", "-un");
            Assert.Equal("d8", user.Output.Trim());

            var port = (await DockerEngine.DockerAsync("port", name, "7600/tcp")).Output.Trim().Split('\n')[0].Split(':')[^1];
            using var slave = new SlaveClient(new Uri($"http://127.0.0.1:{port}"));
            var result = await slave.ExecuteAsync(new ExecuteRequest { Command = "import os; print(os.getuid(), os.getcwd(), os.path.exists('/.dockerenv'))" });

            Assert.True(result.Success, result.Error);
            Assert.Equal("10001 /work True\n", result.Output);  // the Dockerfile's user d8 (uid 10001), in /work
        }
        finally
        {
            await DockerEngine.DockerAsync("rm", "-f", name);
        }
    }
}
