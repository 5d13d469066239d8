namespace D8.HumanRequests.Tests.Support;

/// <summary>Another notifier type (delivery is tracked per notifier type) that always succeeds.</summary>
internal sealed class SecondNotifier : IHumanRequestNotifier
{
    private readonly RecordingNotifier _inner = new();

    public IReadOnlyList<HumanRequestNotification> Delivered => _inner.Delivered;

    public Task NotifyAsync(HumanRequestNotification notification, CancellationToken cancellationToken) =>
        _inner.NotifyAsync(notification, cancellationToken);
}
