using D8.HumanRequests.Internal;
using D8.Shared.AtomicFiles;
using D8.Testing;
using D8.Testing.HumanRequests;
using Microsoft.Extensions.Logging.Abstractions;

namespace D8.HumanRequests.Tests.Internal;

/// <summary>The store contract for the JSON file store: every instance opens the same <c>requests.json</c>, as the
/// master and the CLI do; the change signal polls the file every 20 ms here.</summary>
public sealed class JsonFileHumanRequestStoreConformanceTests : HumanRequestStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    protected override IHumanRequestStore OpenStore() => new JsonFileHumanRequestStore(
        new D8HumanRequestsOptions { DataDirectory = _dir.Path, PollInterval = TimeSpan.FromMilliseconds(20) },
        TimeProvider.System,
        NullLogger<JsonFileHumanRequestStore>.Instance,
        PhysicalFileSystem.Instance);
}
