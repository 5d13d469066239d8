using D8.Distributed.PostgreSql.Internal;
using D8.HumanRequests;
using D8.Testing.HumanRequests;
using D8.Testing.PostgreSql;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests.HumanRequests;

public sealed class PostgreSqlHumanRequestStoreTests : HumanRequestStoreConformanceTests
{
    private readonly Lazy<string> _connectionString = new(() => PostgreSqlServer.GetAsync().GetAwaiter().GetResult().CreateDatabaseAsync().GetAwaiter().GetResult());

    protected override IHumanRequestStore OpenStore() => Open(_connectionString.Value);

    [Fact]
    public async Task CreateAsync_CounterAheadOfTheRows_NextIdAfterTheCounterNeverReused()
    {
        var store = Open();
        await ((IHumanRequestStoreTransfer)store).ReplaceAllAsync(7, [Request("req-0008", "hand-made")], CancellationToken.None);

        var created = await store.CreateAsync(id => Request(id, "next"), CancellationToken.None);

        Assert.Equal("req-0009", created.Id);
        Assert.Equal(9, await store.GetCounterAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_HistoryAndNotificationState_StoredWholeAndReadBack()
    {
        var store = Open();
        var created = await store.CreateAsync(
            id => Request(id, "a") with
            {
                EstimatedCost = 12.99m,
                Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New, Attempts = 1, DeliveredTo = ["telegram"], LastError = "timeout" },
            },
            CancellationToken.None);

        var read = await Open().GetAsync(created.Id, CancellationToken.None);

        Assert.Equal(created.History, read!.History);
        var notification = read.Notification!;
        Assert.Equal((1, "timeout", false), (notification.Attempts, notification.LastError, notification.Notified));
        Assert.Equal(["telegram"], notification.DeliveredTo);
        Assert.Equal(12.99m, read.EstimatedCost);
    }

    [Fact]
    public async Task GetCounterAsync_DatabaseUnreachable_StoreExceptionNamingTheLocation()
    {
        await using var store = Open("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");

        var error = await Assert.ThrowsAsync<HumanRequestStoreException>(async () => await store.GetCounterAsync(CancellationToken.None));

        Assert.Contains("The human requests in PostgreSQL 127.0.0.1:1/none schema 'd8' cannot be used: the database server at 127.0.0.1:1 is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_Rows_OneRowPerRequestInTheSchema()
    {
        var store = Open();
        await store.CreateAsync(id => Request(id, "a"), CancellationToken.None);
        await store.CreateAsync(id => Request(id, "b") with { Notification = new HumanRequestNotificationState { Kind = HumanRequestNotificationKind.New } }, CancellationToken.None);

        await using var dataSource = NpgsqlDataSource.Create(_connectionString.Value);
        Assert.Equal(2L, await dataSource.CreateCommand("SELECT count(*) FROM d8.human_requests").ExecuteScalarAsync());
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM d8.human_requests WHERE notified = false").ExecuteScalarAsync());
        Assert.Equal(2, await dataSource.CreateCommand("SELECT counter FROM d8.human_requests_counter").ExecuteScalarAsync());
    }

    internal static PostgreSqlHumanRequestStore Open(string connectionString) =>
        new(PostgreSqlDatabase.Create(connectionString, "d8", TimeSpan.FromSeconds(30)), TimeSpan.FromMilliseconds(200), TimeProvider.System, ownsDatabase: true);
}
