using D8.Distributed.Core;
using D8.Testing.PostgreSql;
using D8.Testing.Queue;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class PostgreSqlTaskStoreConcurrencyTests
{
    [Fact]
    public async Task AddAsync_TwoMastersAddingAtOnce_StopExactlyAtTheBound()
    {
        const int Bound = 25;
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        // Two stores, each with its own NpgsqlDataSource: two masters on one database.
        await using var first = PostgreSqlTaskStoreTests.Open(connectionString);
        await using var second = PostgreSqlTaskStoreTests.Open(connectionString);
        await first.GetAsync("warm-up");
        await second.GetAsync("warm-up");

        var adds = Enumerable.Range(0, 80)
            .Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AddAsync(TaskStoreRecords.New($"task-{i}"), Bound)))
            .ToArray();
        var results = await Task.WhenAll(adds);

        Assert.Equal(Bound, results.Count(result => result.Outcome == TaskStoreAddOutcome.Added));
        Assert.Equal(80 - Bound, results.Count(result => result.Outcome == TaskStoreAddOutcome.Full));
        var counts = await second.CountAsync(DateTimeOffset.MinValue);
        Assert.Equal(Bound, counts.ByStatus[D8TaskStatus.Queued]);
        var sequences = results.Where(result => result.Task is not null).Select(result => result.Task!.Sequence).ToList();
        Assert.Equal(Bound, sequences.Distinct().Count());
    }

    [Fact]
    public async Task AddAsync_SameIdFromTwoMasters_AddsOnce()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var first = PostgreSqlTaskStoreTests.Open(connectionString);
        await using var second = PostgreSqlTaskStoreTests.Open(connectionString);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AddAsync(TaskStoreRecords.New("same"), 1000))));

        Assert.Single(results, result => result.Outcome == TaskStoreAddOutcome.Added);
        Assert.All(results, result => Assert.Equal("same", result.Task!.TaskId));
    }
}
