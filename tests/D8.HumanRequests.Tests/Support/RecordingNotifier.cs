using System.Collections.Concurrent;

namespace D8.HumanRequests.Tests.Support;

/// <summary>A notifier that records what it receives and fails its first <see cref="FailuresLeft"/> calls.</summary>
/// <remarks>One instance can be registered in two hosts one after the other, to play the same notifier across a
/// restart.</remarks>
internal sealed class RecordingNotifier : IHumanRequestNotifier
{
    private readonly ConcurrentQueue<HumanRequestNotification> _delivered = new();
    private int _calls;
    private int _failuresLeft;

    public RecordingNotifier(int failures = 0) => _failuresLeft = failures;

    public int Calls => Volatile.Read(ref _calls);

    public int FailuresLeft => Volatile.Read(ref _failuresLeft);

    public IReadOnlyList<HumanRequestNotification> Delivered => [.. _delivered];

    public Task NotifyAsync(HumanRequestNotification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new HttpRequestException("Telegram is down (simulated)");
        }

        _delivered.Enqueue(notification);
        return Task.CompletedTask;
    }
}
