namespace D8.HumanRequests;

/// <summary>
/// Tells the owner about an <see cref="OwnerAlert"/> (the Telegram bot is one). Register implementations with
/// <see cref="D8HumanRequestsServiceCollectionExtensions.AddD8OwnerAlertNotifier{TNotifier}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>;
/// every registered alert notifier receives every alert.
/// </summary>
/// <remarks>
/// A separate interface from <see cref="IHumanRequestNotifier"/>: a member added there would break every existing
/// notifier, and one that only cares about requests would have to pretend it delivered alerts. Throwing marks the
/// alert as not delivered to this notifier; it is retried with the same exponential backoff as request
/// notifications, also after a restart. Delivery is at least once.
/// </remarks>
public interface IOwnerAlertNotifier
{
    /// <summary>Delivers one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the alert was delivered.</returns>
    Task NotifyAsync(OwnerAlert alert, CancellationToken cancellationToken);
}
