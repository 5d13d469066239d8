using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing;
using D8.Testing.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

/// <summary>The leader lease on a real PostgreSQL server: one leader, a takeover when it goes, a step-down when its session is cut.</summary>
public sealed class PostgreSqlLeaderLeaseTests
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TwoMasters_OneDatabase_ExactlyOneLeads_AndTheOtherTakesOverWhenItStops()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        using var first = NewLease(connectionString);
        using var second = NewLease(connectionString);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);

        var term = await Task.WhenAny(first.AcquireAsync(CancellationToken.None).AsTask(), second.AcquireAsync(CancellationToken.None).AsTask());
        var leader = first.Role == D8LeadershipRole.Leader ? first : second;
        var follower = ReferenceEquals(leader, first) ? second : first;
        Assert.Equal(D8LeadershipRole.Leader, leader.Role);
        Assert.Equal(D8LeadershipRole.Follower, follower.Role);
        Assert.False((await term).IsCancellationRequested);
        Assert.Equal(1L, await CountAdvisoryLocksAsync(connectionString));

        var leaderTerm = await term;
        await leader.StopAsync(CancellationToken.None);
        var followerTerm = await follower.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(Takeover);

        Assert.True(leaderTerm.IsCancellationRequested);
        Assert.False(followerTerm.IsCancellationRequested);
        Assert.Equal(D8LeadershipRole.Leader, follower.Role);
        await follower.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Leader_WhoseSessionIsTerminated_StepsDownAtOnce_AndLeadsAgainOnANewSession()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        using var lease = NewLease(connectionString);
        var changes = 0;
        lease.RoleChanged += (_, _) => Interlocked.Increment(ref changes);
        await lease.StartAsync(CancellationToken.None);
        var term = await lease.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(Takeover);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        term.Register(() => ended.TrySetResult());

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await ended.Task.WaitAsync(Takeover);
        var next = await lease.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(Takeover);

        Assert.False(next.IsCancellationRequested);
        Assert.Equal(D8LeadershipRole.Leader, lease.Role);
        // RoleChanged is raised right after the term is granted, so the waiter may run before the third event.
        await Poll.UntilAsync(() => Volatile.Read(ref changes) >= 3, "RoleChanged raised for leader, follower, leader again");
        await lease.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void LockKey_IsTheSameInEveryProcess_AndDiffersBySchema()
    {
        Assert.Equal(PostgreSqlLeaderLease.LockKey("d8"), PostgreSqlLeaderLease.LockKey("d8"));
        Assert.NotEqual(PostgreSqlLeaderLease.LockKey("d8"), PostgreSqlLeaderLease.LockKey("other"));
    }

    private static PostgreSqlLeaderLease NewLease(string connectionString) =>
        new(connectionString, "d8", TimeProvider.System, NullLogger<PostgreSqlLeaderLease>.Instance);

    private static async Task<long> CountAdvisoryLocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
