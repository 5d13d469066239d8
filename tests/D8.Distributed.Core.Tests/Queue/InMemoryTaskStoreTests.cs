using D8.Distributed.Core.Internal;
using D8.Testing.Queue;

namespace D8.Distributed.Core.Tests.Queue;

public sealed class InMemoryTaskStoreTests : TaskStoreConformanceTests
{
    protected override ITaskStore CreateStore() => new InMemoryTaskStore();
}
