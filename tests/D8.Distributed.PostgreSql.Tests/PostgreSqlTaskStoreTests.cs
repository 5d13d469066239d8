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

    [Fact]
    public async Task AddAsync_DatabaseUnreachable_TaskStoreExceptionNamingHostPortAndUnreachable()
    {
        await using var store = Open("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");

        var error = await Assert.ThrowsAsync<TaskStoreException>(() => store.AddAsync(TaskStoreRecords.New("a"), 10));

        Assert.StartsWith("The task store in PostgreSQL 127.0.0.1:1/none schema 'd8' cannot be used: the database server at 127.0.0.1:1 is unreachable (", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<Npgsql.NpgsqlException>(error.InnerException);
    }

    internal static PostgreSqlTaskStore Open(string connectionString, string schema = "d8") =>
        new(PostgreSqlDatabase.Create(connectionString, schema, TimeSpan.FromSeconds(30)), ownsDatabase: true);
}
