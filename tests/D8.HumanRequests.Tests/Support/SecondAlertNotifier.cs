namespace D8.HumanRequests.Tests.Support;

/// <summary>Another alert notifier type (delivery is tracked per notifier type) that always succeeds.</summary>
internal sealed class SecondAlertNotifier : IOwnerAlertNotifier
{
    private readonly RecordingAlertNotifier _inner = new();

    public int Calls => _inner.Calls;

    public IReadOnlyList<OwnerAlert> Delivered => _inner.Delivered;

    public Task NotifyAsync(OwnerAlert alert, CancellationToken cancellationToken) => _inner.NotifyAsync(alert, cancellationToken);
}
