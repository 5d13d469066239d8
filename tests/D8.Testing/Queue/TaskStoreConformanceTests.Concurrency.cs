using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>AddAsync from many tasks at once.</summary>
public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task AddAsync_200DistinctIdsFromEightTasks_200DistinctSequences()
    {
        var results = await InParallelAsync(8, 25, (writer, i) => Store.AddAsync(TaskStoreRecords.New($"w{writer}-{i}"), Unbounded));

        Assert.All(results, result => Assert.Equal(TaskStoreAddOutcome.Added, result.Outcome));
        Assert.Equal(200, results.Select(result => result.Task!.Sequence).Distinct().Count());
        var listed = await Store.ListAsync(new D8TaskQuery { Limit = D8TaskQuery.MaxLimit });
        Assert.Equal(200, listed.Tasks.Count);
        Assert.Equal(results.Select(r => r.Task!.Sequence).Order(), listed.Tasks.Select(t => t.Sequence).Order());
    }

    [Fact]
    public async Task AddAsync_SameIdFromEightTasks_OneAddedTheRestExisting()
    {
        var results = await InParallelAsync(8, 1, (writer, _) => Store.AddAsync(TaskStoreRecords.New("same") with { SubmittedBy = $"writer {writer}" }, Unbounded));

        Assert.Single(results, result => result.Outcome == TaskStoreAddOutcome.Added);
        Assert.Equal(7, results.Count(result => result.Outcome == TaskStoreAddOutcome.Existing));
        var stored = await Store.GetAsync("same");
        Assert.All(results, result => TaskStoreRecords.Same(stored!, result.Task));
    }

    [Fact]
    public async Task AddAsync_EightTasksRacingForTheLastPlaces_NeverMoreThanTheBound()
    {
        var results = await InParallelAsync(8, 10, (writer, i) => Store.AddAsync(TaskStoreRecords.New($"w{writer}-{i}"), maxQueued: 13));

        Assert.Equal(13, results.Count(result => result.Outcome == TaskStoreAddOutcome.Added));
        Assert.Equal(67, results.Count(result => result.Outcome == TaskStoreAddOutcome.Full));
        Assert.Equal(13, (await Store.CountAsync(TaskStoreRecords.T0)).Of(D8TaskStatus.Queued));
    }

    /// <summary>Runs <paramref name="writers"/> tasks, each calling <paramref name="call"/> <paramref name="perWriter"/> times, released together.</summary>
    private static async Task<T[]> InParallelAsync<T>(int writers, int perWriter, Func<int, int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            var results = new List<T>();
            for (var i = 0; i < perWriter; i++)
            {
                results.Add(await call(writer, i));
            }

            return results;
        })).ToList();
        start.SetResult();
        return (await Task.WhenAll(tasks)).SelectMany(results => results).ToArray();
    }
}
