namespace D8.HumanRequests;

/// <summary>
/// Raises alerts for the owner that do not belong to a request. An alert is stored first and delivered by the human
/// requests' background service to every <see cref="IOwnerAlertNotifier"/>, with the same retries and backoff as
/// request notifications, so an alert raised while a notifier is down is delivered once it is back, also after a
/// restart or on another master.
/// </summary>
public interface IOwnerAlerts
{
    /// <summary>Stores a new alert and wakes the outbox.</summary>
    /// <param name="alert">What to raise.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The stored alert.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alert"/> is null.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="alert"/> is empty (the message names it).</exception>
    /// <exception cref="HumanRequestStoreException">The store cannot be written.</exception>
    ValueTask<OwnerAlert> RaiseAsync(NewOwnerAlert alert, CancellationToken cancellationToken);
}
