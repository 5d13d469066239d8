using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Remembers tasks by <c>task_id</c> so a retry never runs twice: a running task is joined, a finished one answered from
/// memory. Finished results are kept for <see cref="D8SlaveOptions.ResultRetention"/> and at most
/// <see cref="D8SlaveOptions.MaxRetainedResults"/> of them (oldest dropped first).
/// </summary>
internal sealed class IdempotencyStore(IOptions<D8SlaveOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _finished = new();
    private readonly TimeSpan _retention = options.Value.ResultRetention;
    private readonly int _maxRetained = options.Value.MaxRetainedResults;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="taskId"/> as running and returns <see langword="true"/> with the completion source the
    /// caller must complete; or returns <see langword="false"/> with the task of the run already known.
    /// </summary>
    public bool TryBegin(string taskId, out Task<ExecutionResult> existing, out TaskCompletionSource<ExecutionResult> owned)
    {
        lock (_lock)
        {
            Purge();
            if (_entries.TryGetValue(taskId, out var entry))
            {
                existing = entry.Completion.Task;
                owned = null!;
                return false;
            }

            owned = new TaskCompletionSource<ExecutionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _entries[taskId] = new Entry(owned);
            existing = owned.Task;
            return true;
        }
    }

    /// <summary>Completes a run; <paramref name="keep"/> <see langword="false"/> forgets it (the task never ran, a retry may run it).</summary>
    public void Complete(string taskId, ExecutionResult result, bool keep)
    {
        TaskCompletionSource<ExecutionResult>? completion = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(taskId, out var entry) && entry.FinishedAt is null)
            {
                completion = entry.Completion;
                if (keep && _maxRetained > 0 && _retention > TimeSpan.Zero)
                {
                    entry.FinishedAt = timeProvider.GetUtcNow();
                    _finished.AddLast(taskId);
                }
                else
                {
                    _entries.Remove(taskId);
                }

                Purge();
            }
        }

        completion?.TrySetResult(result);
    }

    private void Purge()
    {
        var now = timeProvider.GetUtcNow();
        while (_finished.First is { } oldest
            && (_finished.Count > _maxRetained || now - _entries[oldest.Value].FinishedAt >= _retention))
        {
            _finished.RemoveFirst();
            _entries.Remove(oldest.Value);
        }
    }

    private sealed class Entry(TaskCompletionSource<ExecutionResult> completion)
    {
        public TaskCompletionSource<ExecutionResult> Completion { get; } = completion;

        public DateTimeOffset? FinishedAt { get; set; }
    }
}
