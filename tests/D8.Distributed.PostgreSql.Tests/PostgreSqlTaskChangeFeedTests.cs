using System.Threading.Channels;
using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing.PostgreSql;
using D8.Testing.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

/// <summary>The task change feed (LISTEN/NOTIFY) between two masters' stores on a real PostgreSQL server.</summary>
public sealed class PostgreSqlTaskChangeFeedTests
{
    private static readonly TimeSpan HearWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WritesOnOneStore_AreHeardByTheOthersFeed_NotByItsOwn()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var first = await Master.StartAsync(connectionString);
        await using var second = await Master.StartAsync(connectionString);

        var added = await first.Store.AddAsync(TaskStoreRecords.New("fed-1"), maxQueued: 10);
        Assert.Equal(("fed-1", D8TaskStatus.Queued), await second.NextAsync());

        var running = await first.Store.TryUpdateAsync(added.Task! with { Status = D8TaskStatus.Running, SlaveId = "w1" });
        Assert.Equal(("fed-1", D8TaskStatus.Running), await second.NextAsync());

        // A write from the other side is heard here; a stale update (no row written) sends nothing.
        Assert.Null(await first.Store.TryUpdateAsync(added.Task! with { Status = D8TaskStatus.Cancelled }));
        await second.Store.TryUpdateAsync(running! with { Status = D8TaskStatus.Succeeded, FinishedAt = TaskStoreRecords.T0 });
        Assert.Equal(("fed-1", D8TaskStatus.Succeeded), await first.NextAsync());

        // Each store's own writes never came back to it.
        Assert.False(first.Heard.Reader.TryRead(out _));
        Assert.False(second.Heard.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ListenerConnectionTerminated_Reconnects_SaysChangesWereMissed_AndHearsAgain()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var writer = await Master.StartAsync(connectionString);
        await using var listener = await Master.StartAsync(connectionString);

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'", admin);
            Assert.Equal(2L, await kill.ExecuteScalarAsync());
        }

        Assert.Equal((null, default), await listener.NextAsync());
        await writer.Store.AddAsync(TaskStoreRecords.New("after-reconnect"), maxQueued: 10);
        Assert.Equal(("after-reconnect", D8TaskStatus.Queued), await listener.NextAsync());
    }

    private sealed class Master : IAsyncDisposable
    {
        private Master(PostgreSqlTaskChangeFeed feed, PostgreSqlTaskStore store)
        {
            Feed = feed;
            Store = store;
            ((ITaskStoreChangeFeed)store).Changed += (_, e) => Heard.Writer.TryWrite((e.TaskId, e.Status));
        }

        public PostgreSqlTaskChangeFeed Feed { get; }

        public PostgreSqlTaskStore Store { get; }

        public Channel<(string? TaskId, D8TaskStatus Status)> Heard { get; } = Channel.CreateUnbounded<(string?, D8TaskStatus)>();

        public static async Task<Master> StartAsync(string connectionString)
        {
            var feed = new PostgreSqlTaskChangeFeed(connectionString, "d8", TimeProvider.System, NullLogger<PostgreSqlTaskChangeFeed>.Instance);
            var store = new PostgreSqlTaskStore(PostgreSqlDatabase.Create(connectionString, "d8", TimeSpan.FromSeconds(30)), ownsDatabase: true, feed);
            await feed.StartAsync(CancellationToken.None);
            await feed.Listening.WaitAsync(HearWithin);
            return new Master(feed, store);
        }

        public async Task<(string? TaskId, D8TaskStatus Status)> NextAsync() => await Heard.Reader.ReadAsync().AsTask().WaitAsync(HearWithin);

        public async ValueTask DisposeAsync()
        {
            await Feed.StopAsync(CancellationToken.None);
            Feed.Dispose();
            await Store.DisposeAsync();
        }
    }
}
