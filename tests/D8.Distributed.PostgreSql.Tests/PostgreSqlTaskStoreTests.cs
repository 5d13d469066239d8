using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing.PostgreSql;
using D8.Testing.Queue;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class PostgreSqlTaskStoreTests : TaskStoreConformanceTests
{
    private readonly Lazy<string> _connectionString = new(() => PostgreSqlServer.GetAsync().GetAwaiter().GetResult().CreateDatabaseAsync().GetAwaiter().GetResult());

    protected override ITaskStore CreateStore() => Open(_connectionString.Value);

    protected override ITaskStore? Reopen(ITaskStore store)
    {
        ((PostgreSqlTaskStore)store).DisposeAsync().AsTask().GetAwaiter().GetResult();
        return Open(_connectionString.Value);
    }

    internal static PostgreSqlTaskStore Open(string connectionString, string schema = "d8") =>
        new(PostgreSqlDatabase.Create(connectionString, schema, TimeSpan.FromSeconds(30)), ownsDatabase: true);
}
