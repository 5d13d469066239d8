using D8.Testing.Registry;

namespace D8.Distributed.Core.Tests.Registry;

public sealed class FileSlaveRegistryConformanceTests : SlaveRegistryConformanceTests
{
    private readonly D8.Testing.TempDirectory _data = new("d8-registry");

    protected override ISlaveRegistry CreateRegistry() => new RegistryFile(_data.Path).NewRegistry();

    protected override void DisposeStorage() => _data.Dispose();
}
