namespace D8.Distributed.Core.Tests.Registry;

public sealed class InMemorySlaveRegistryContractTests : SlaveRegistryContractTests
{
    protected override ISlaveRegistry CreateRegistry() => new InMemorySlaveRegistry();
}
