namespace D8.HumanRequests;

/// <summary>
/// Tells the owner about requests (the Telegram bot is one). Register implementations with
/// <see cref="D8HumanRequestsServiceCollectionExtensions.AddD8HumanRequestNotifier{TNotifier}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>;
/// every registered notifier receives every notification.
/// </summary>
/// <remarks>
/// Throwing marks the notification as not delivered to this notifier; it is retried with exponential backoff,
/// also after a restart. Delivery is at least once: a process that dies after a notifier succeeded but before the
/// outcome was saved delivers again on restart.
/// </remarks>
public interface IHumanRequestNotifier
{
    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">What happened and the request.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the notification was delivered.</returns>
    Task NotifyAsync(HumanRequestNotification notification, CancellationToken cancellationToken);
}
