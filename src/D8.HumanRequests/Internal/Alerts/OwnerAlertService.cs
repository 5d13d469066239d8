using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>Stores a raised alert in the human requests' store and wakes the background service, which delivers it.</summary>
internal sealed class OwnerAlertService : IOwnerAlerts
{
    private readonly IHumanRequestStore _store;
    private readonly HumanRequestsSignal _signal;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public OwnerAlertService(IHumanRequestStore store, HumanRequestsSignal signal, TimeProvider timeProvider, ILogger<OwnerAlertService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _signal = signal;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async ValueTask<OwnerAlert> RaiseAsync(NewOwnerAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (EmptyField(alert) is { } field)
        {
            throw new ArgumentException($"The alert's {field} is empty.", nameof(alert));
        }

        var now = _timeProvider.GetUtcNow();
        var stored = new OwnerAlert
        {
            // Version 7: the ids sort by creation time, which keeps "creation order" meaningful in any store.
            Id = Guid.CreateVersion7(now).ToString("N"),
            Source = alert.Source,
            Kind = alert.Kind,
            Subject = alert.Subject,
            Text = alert.Text,
            Fields = new Dictionary<string, string>(alert.Fields, StringComparer.Ordinal),
            CreatedAt = now,
        };
        await _store.AddAlertAsync(stored, cancellationToken).ConfigureAwait(false);
        Log.AlertRaised(_logger, stored.Source, stored.Kind, stored.Subject, stored.Id);
        _signal.Notify();
        return stored;
    }

    private static string? EmptyField(NewOwnerAlert alert) =>
        string.IsNullOrWhiteSpace(alert.Source) ? nameof(alert.Source)
        : string.IsNullOrWhiteSpace(alert.Kind) ? nameof(alert.Kind)
        : string.IsNullOrWhiteSpace(alert.Subject) ? nameof(alert.Subject)
        : string.IsNullOrWhiteSpace(alert.Text) ? nameof(alert.Text)
        : alert.Fields is null ? nameof(alert.Fields)
        : null;
}
