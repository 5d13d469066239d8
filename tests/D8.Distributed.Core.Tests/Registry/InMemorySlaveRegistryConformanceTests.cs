using D8.Testing.Registry;

namespace D8.Distributed.Core.Tests.Registry;

public sealed class InMemorySlaveRegistryConformanceTests : SlaveRegistryConformanceTests
{
    protected override ISlaveRegistry CreateRegistry() => new InMemorySlaveRegistry();
}
