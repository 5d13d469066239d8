namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>
/// A real Docker engine with the test image (<see cref="DockerEngine"/> prepares both, installing and starting what is
/// missing) and one real slave whose docker method runs that image, shared by a test class: vfs makes every container
/// slow to create, so the tests are few and share what they can.
/// </summary>
public sealed class DockerSlaveFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _work = new("d8-docker-work");
    private SlaveServer? _server;

    /// <summary>Gets the slave (docker method, image <see cref="DockerEngine.TestImage"/>, network none).</summary>
    public SlaveServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Gets the directory docker tasks run in (mounted at /app).</summary>
    public string WorkingDirectory => _work.Path;

    /// <summary>Starts another slave with the same image and working directory; <paramref name="configure"/> changes its options.</summary>
    public Task<SlaveServer> StartSlaveAsync(Action<D8SlaveOptions>? configure = null) =>
        SlaveServer.StartAsync(o =>
        {
            o.DockerImage = DockerEngine.TestImage;
            o.DefaultWorkingDirectory = _work.Path;
            // 'docker info' on a machine shared with parallel builds can take seconds: a probe that times out would
            // make the method unavailable and every test fail for the wrong reason.
            o.ProbeTimeout = TimeSpan.FromMinutes(2);
            o.CapabilityRefreshInterval = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        });

    public async Task InitializeAsync()
    {
        await DockerEngine.EnsureAsync();
        _server = await StartSlaveAsync();
        var health = await _server.HealthAsync();
        if (!health.ExecutionMethods.Docker)
        {
            throw new InvalidOperationException("The Docker engine answers 'docker info', but the slave does not offer the docker method: see its log (event 2002).");
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _work.Dispose();
}
