using D8.Distributed.Core.Internal;
using D8.Testing;
using D8.Testing.Queue;

namespace D8.Distributed.Core.Tests.Queue;

public sealed class SqliteTaskStoreTests : TaskStoreConformanceTests
{
    private readonly TempDirectory _data = new("d8-tasks");

    protected override ITaskStore CreateStore() => new SqliteTaskStore(_data.Combine("tasks.db"));

    protected override ITaskStore? Reopen(ITaskStore store)
    {
        ((SqliteTaskStore)store).Dispose();
        return new SqliteTaskStore(_data.Combine("tasks.db"));
    }

    protected override void DisposeStorage() => _data.Dispose();
}
