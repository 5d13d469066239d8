using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Remembers tasks by <c>task_id</c> so a retry never runs twice: a running task is joined, a finished one answered from
/// memory. Finished results are kept for <see cref="D8SlaveOptions.ResultRetention"/> and at most
/// <see cref="D8SlaveOptions.MaxRetainedResults"/> of them (oldest dropped first). Each entry also holds the task's own
/// cancellation source, which <c>POST /api/tasks/{task_id}/cancel</c> trips.
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
    /// Registers <paramref name="taskId"/> as running and returns <see langword="true"/> with the token a cancel request
    /// trips (the caller must <see cref="Complete"/> the run); or returns <see langword="false"/> with the task of the
    /// run already known.
    /// </summary>
    public bool TryBegin(string taskId, out Task<ExecutionResult> existing, out CancellationToken cancellation)
    {
        lock (_lock)
        {
            Purge();
            if (_entries.TryGetValue(taskId, out var entry))
            {
                existing = entry.Completion.Task;
                cancellation = CancellationToken.None;
                return false;
            }

            entry = new Entry();
            _entries[taskId] = entry;
            existing = entry.Completion.Task;
            cancellation = entry.Cancellation.Token;
            return true;
        }
    }

    /// <summary>The run of a known task (running, or finished and kept), or <see langword="null"/>: nothing is started.</summary>
    public Task<ExecutionResult>? TryJoin(string taskId)
    {
        lock (_lock)
        {
            Purge();
            return _entries.TryGetValue(taskId, out var entry) ? entry.Completion.Task : null;
        }
    }

    /// <summary>
    /// What is known of <paramref name="taskId"/>: <see langword="null"/> when unknown, else whether it finished and its
    /// result (<see langword="null"/> while it runs or waits for a slot).
    /// </summary>
    public (bool Finished, ExecuteResponse? Result)? Find(string taskId)
    {
        lock (_lock)
        {
            Purge();
            return _entries.TryGetValue(taskId, out var entry) ? (entry.FinishedAt is not null, entry.Result) : null;
        }
    }

    /// <summary>
    /// Asks a running or queued task to stop (its token is cancelled: the process tree is killed, or it never starts)
    /// and returns its run, which completes with the cancelled result; a finished task's run is returned as it is.
    /// <see langword="null"/> when the task is unknown.
    /// </summary>
    public Task<ExecutionResult>? Cancel(string taskId, out bool requested)
    {
        CancellationTokenSource? cancellation = null;
        Task<ExecutionResult> run;
        lock (_lock)
        {
            Purge();
            if (!_entries.TryGetValue(taskId, out var entry))
            {
                requested = false;
                return null;
            }

            run = entry.Completion.Task;
            if (entry.FinishedAt is null)
            {
                cancellation = entry.Cancellation;
            }
        }

        // Outside the lock: cancelling runs the token's callbacks (the process kill) on this thread.
        requested = cancellation is not null;
        cancellation?.Cancel();
        return run;
    }

    /// <summary>Completes a run; <paramref name="keep"/> <see langword="false"/> forgets it (the task never ran, a retry may run it).</summary>
    public void Complete(string taskId, ExecutionResult result, bool keep)
    {
        ArgumentNullException.ThrowIfNull(result);
        TaskCompletionSource<ExecutionResult>? completion = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(taskId, out var entry) && entry.FinishedAt is null)
            {
                completion = entry.Completion;
                if (keep && _maxRetained > 0 && _retention > TimeSpan.Zero)
                {
                    entry.FinishedAt = timeProvider.GetUtcNow();
                    entry.Result = result.Response;
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

    /// <remarks>
    /// The cancellation source is never disposed: it has no timer, so it holds nothing to free, and a cancel request
    /// racing the end of the run must not meet a disposed source.
    /// </remarks>
    private sealed class Entry
    {
        public TaskCompletionSource<ExecutionResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        public DateTimeOffset? FinishedAt { get; set; }

        public ExecuteResponse? Result { get; set; }
    }
}
