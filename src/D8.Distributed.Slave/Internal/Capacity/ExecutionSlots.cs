using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// At most <see cref="D8SlaveOptions.MaxConcurrentTasks"/> tasks run; up to <see cref="D8SlaveOptions.MaxQueuedTasks"/>
/// more wait for a slot; anything beyond is refused at once (the caller answers 503).
/// </summary>
internal sealed class ExecutionSlots : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _maxQueued;
    private int _running;
    private int _queued;

    public ExecutionSlots(IOptions<D8SlaveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxRunning = options.Value.MaxConcurrentTasks;
        _maxQueued = options.Value.MaxQueuedTasks;
        _slots = new SemaphoreSlim(MaxRunning, MaxRunning);
    }

    public int MaxRunning { get; }

    public int Running => Volatile.Read(ref _running);

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Takes a slot, waiting in the queue if needed; <see langword="false"/> when running and queue are full.</summary>
    /// <remarks>A <see langword="true"/> result must be paired with <see cref="Exit"/>.</remarks>
    public async Task<bool> TryEnterAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_running + _queued >= MaxRunning + _maxQueued)
            {
                return false;
            }

            _queued++;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _queued--;
            }

            throw;
        }

        lock (_lock)
        {
            _queued--;
            _running++;
        }

        return true;
    }

    public void Exit()
    {
        lock (_lock)
        {
            _running--;
        }

        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();
}
