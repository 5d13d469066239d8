using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// At most <see cref="D8SlaveOptions.MaxConcurrentTasks"/> tasks run; up to <see cref="D8SlaveOptions.MaxQueuedTasks"/>
/// more wait for a slot, oldest first; anything beyond is refused at once (the caller answers 503). A
/// <see cref="ConcurrencyLimiter"/> does the counting and the queueing.
/// </summary>
internal sealed class ExecutionSlots : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public ExecutionSlots(IOptions<D8SlaveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxRunning = options.Value.MaxConcurrentTasks;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxRunning,
            QueueLimit = options.Value.MaxQueuedTasks,
            // Oldest first also means a full queue refuses the newcomer instead of evicting a waiting task.
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int MaxRunning { get; }

    /// <summary>Gets how many tasks run and how many wait, read together.</summary>
    public (int Running, int Queued) Counts
    {
        get
        {
            var statistics = _limiter.GetStatistics()!;
            return (MaxRunning - (int)statistics.CurrentAvailablePermits, (int)statistics.CurrentQueuedCount);
        }
    }

    /// <summary>
    /// Takes a slot, waiting in the queue if needed: the slot (dispose it to free it), or <see langword="null"/> when
    /// every slot is taken and the queue is full.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(permitCount: 1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
