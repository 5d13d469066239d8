namespace D8.HumanRequests.Internal;

/// <summary>
/// Waits for a signal or a deadline on a <see cref="TimeProvider"/>, without the race where a (fake) clock moves
/// past the deadline between computing the delay and creating the timer.
/// </summary>
internal static class DeadlineWait
{
    /// <summary>Returns <see langword="true"/> when <paramref name="signal"/> completed, <see langword="false"/>
    /// when <paramref name="deadline"/> passed first; throws <see cref="OperationCanceledException"/> on
    /// cancellation.</summary>
    public static async Task<bool> WaitAsync(Task signal, DateTimeOffset? deadline, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (signal.IsCompleted)
        {
            return true;
        }

        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer? timer = null;
        if (deadline is { } due)
        {
            var delay = due - timeProvider.GetUtcNow();
            if (delay <= TimeSpan.Zero)
            {
                return false;
            }

            timer = timeProvider.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), fired, delay, Timeout.InfiniteTimeSpan);

            // The clock may have moved between reading it and creating the timer: look again.
            if (timeProvider.GetUtcNow() >= due)
            {
                timer.Dispose();
                return false;
            }
        }

        using (timer)
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), fired))
        {
            var winner = await Task.WhenAny(signal, fired.Task).ConfigureAwait(false);
            if (winner == signal)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }
}
