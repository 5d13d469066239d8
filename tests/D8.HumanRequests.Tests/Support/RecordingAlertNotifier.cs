using System.Collections.Concurrent;

namespace D8.HumanRequests.Tests.Support;

/// <summary>An alert notifier that records what it receives and fails its first <c>failures</c> calls.</summary>
internal sealed class RecordingAlertNotifier : IOwnerAlertNotifier
{
    private readonly ConcurrentQueue<OwnerAlert> _delivered = new();
    private int _calls;
    private int _failuresLeft;

    public RecordingAlertNotifier(int failures = 0) => _failuresLeft = failures;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<OwnerAlert> Delivered => [.. _delivered];

    public Task NotifyAsync(OwnerAlert alert, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new HttpRequestException("Telegram is down (simulated)");
        }

        _delivered.Enqueue(alert);
        return Task.CompletedTask;
    }
}
