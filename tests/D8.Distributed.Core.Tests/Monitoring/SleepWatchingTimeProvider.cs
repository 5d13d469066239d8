using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace D8.Distributed.Core.Tests.Monitoring;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it, so a test can wait until
/// the hosted monitor is asleep (its <c>Task.Delay</c> on this clock exists) before advancing time: advancing earlier
/// would start the sleep after the advance, and one interval would not be enough.
/// </summary>
internal sealed class SleepWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    /// <summary>How many timers were created with exactly <paramref name="dueTime"/>.</summary>
    public int TimersFor(TimeSpan dueTime) => _timers.Count(due => due == dueTime);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue(dueTime);
        return timer;
    }
}
