using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// Copies the master's stores (human requests, slave registry, tasks) from one host's services to another's through
/// their seams only, so it works for any pair of stores: the embedded files and PostgreSQL, both ways.
/// </summary>
internal static class StoreCopy
{
    /// <summary>What a copy moved.</summary>
    public sealed record Summary(int Requests, int Counter, int Slaves, int Tasks);

    /// <summary>Names what the target already holds (ignoring the slaves declared in configuration, which every
    /// registry shows), or <see langword="null"/> when it holds nothing.</summary>
    public static async Task<string?> DescribeContentAsync(IServiceProvider target, IReadOnlyCollection<string> configuredSlaves, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        var requests = target.GetRequiredService<IHumanRequestStore>();
        var counter = await requests.GetCounterAsync(cancellationToken).ConfigureAwait(false);
        var count = (await requests.QueryAsync(null, cancellationToken).ConfigureAwait(false)).Count;
        if (counter > 0 || count > 0)
        {
            held.Add($"{count} human request(s) (counter {counter})");
        }

        var registry = target.GetRequiredService<ISlaveRegistry>();
        await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var slaves = registry.GetAll().Count(s => !configuredSlaves.Contains(s.Id));
        if (slaves > 0)
        {
            held.Add($"{slaves} slave(s)");
        }

        var tasks = await target.GetRequiredService<ITaskStore>().ListAsync(new D8TaskQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        if (tasks.Tasks.Count > 0)
        {
            held.Add("tasks");
        }

        return held.Count == 0 ? null : string.Join(", ", held);
    }

    /// <summary>
    /// Copies everything. The target's human requests and registry are replaced; its finished tasks are purged and
    /// every source task is written with its state (a task id the target already has is overwritten; queued or running
    /// tasks only the target has stay).
    /// </summary>
    public static async Task<Summary> CopyAsync(IServiceProvider source, IServiceProvider target, CancellationToken cancellationToken)
    {
        var (requests, counter) = await CopyRequestsAsync(source, target, cancellationToken).ConfigureAwait(false);
        var slaves = await CopySlavesAsync(source, target, cancellationToken).ConfigureAwait(false);
        var tasks = await CopyTasksAsync(source, target, cancellationToken).ConfigureAwait(false);
        return new Summary(requests, counter, slaves, tasks);
    }

    private static async Task<(int Count, int Counter)> CopyRequestsAsync(IServiceProvider source, IServiceProvider target, CancellationToken cancellationToken)
    {
        var from = source.GetRequiredService<IHumanRequestStore>();
        var to = target.GetRequiredService<IHumanRequestStore>() as IHumanRequestStoreTransfer
            ?? throw new InvalidOperationException($"the human request store {target.GetRequiredService<IHumanRequestStore>().Location} cannot be replaced as a whole (it does not implement IHumanRequestStoreTransfer)");
        var counter = await from.GetCounterAsync(cancellationToken).ConfigureAwait(false);
        var requests = await from.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        await to.ReplaceAllAsync(counter, requests, cancellationToken).ConfigureAwait(false);
        return (requests.Count, counter);
    }

    private static async Task<int> CopySlavesAsync(IServiceProvider source, IServiceProvider target, CancellationToken cancellationToken)
    {
        var from = source.GetRequiredService<ISlaveRegistry>();
        var to = target.GetRequiredService<ISlaveRegistry>();
        await from.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await to.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var slaves = from.GetAll();
        foreach (var existing in to.GetAll())
        {
            await to.UnregisterAsync(existing.Id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var slave in slaves)
        {
            await to.RegisterAsync(
                new SlaveRegistration(slave.Id, slave.Host, slave.Port) { Capabilities = slave.Capabilities, InstallMethod = slave.InstallMethod ?? "python" },
                cancellationToken).ConfigureAwait(false);

            // Everything else the source knows (status, times, commit, drained): the id, host and port stay as registered.
            await to.UpdateAsync(slave.Id, _ => slave, cancellationToken).ConfigureAwait(false);
        }

        return slaves.Count;
    }

    private static async Task<int> CopyTasksAsync(IServiceProvider source, IServiceProvider target, CancellationToken cancellationToken)
    {
        var from = source.GetRequiredService<ITaskStore>();
        var to = target.GetRequiredService<ITaskStore>();
        var tasks = new List<D8TaskInfo>();
        long? before = null;
        do
        {
            var page = await from.ListAsync(new D8TaskQuery { Limit = D8TaskQuery.MaxLimit, Before = before }, cancellationToken).ConfigureAwait(false);
            tasks.AddRange(page.Tasks);
            before = page.NextBefore;
        }
        while (before is not null);

        await to.PurgeAsync(DateTimeOffset.MaxValue, keepFinished: 0, cancellationToken).ConfigureAwait(false);

        // Oldest first, so the target's sequence keeps the source's order (and with it the queue's FIFO).
        foreach (var task in tasks.OrderBy(t => t.Sequence))
        {
            var added = await to.AddAsync(task with { Status = D8TaskStatus.Queued, Version = 0, Sequence = 0 }, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var stored = added.Task ?? throw new InvalidOperationException($"task '{task.TaskId}' could not be added to the target ({added.Outcome})");
            if (await to.TryUpdateAsync(task with { Version = stored.Version, Sequence = stored.Sequence }, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new InvalidOperationException($"task '{task.TaskId}' changed in the target while it was being copied; run the command again");
            }
        }

        return tasks.Count;
    }
}
