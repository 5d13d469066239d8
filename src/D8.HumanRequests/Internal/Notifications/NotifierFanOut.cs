namespace D8.HumanRequests.Internal;

/// <summary>
/// The delivery step both outboxes share (request notifications and owner alerts): each registered notifier that has
/// not received the item yet is asked once, in order; the ones that succeed are added to the delivered keys, and the
/// first failure is kept for the retry. A notifier is known by its type name, which is what the stores record.
/// </summary>
internal static class NotifierFanOut
{
    /// <summary>What one delivery pass did: the keys that have the item now, and the first failure (with its notifier).</summary>
    public sealed record Outcome(IReadOnlyList<string> Delivered, Exception? Failure, string? FailedNotifier);

    /// <summary>The key under which delivery to a notifier is recorded.</summary>
    public static string KeyOf(object notifier) => notifier.GetType().FullName ?? notifier.GetType().Name;

    /// <summary>Asks every notifier not in <paramref name="deliveredBefore"/>; <paramref name="onDelivered"/> hears each success.</summary>
    public static async Task<Outcome> DeliverAsync<TNotifier>(
        IEnumerable<TNotifier> notifiers,
        IEnumerable<string> deliveredBefore,
        Func<TNotifier, Task> notify,
        Action<string> onDelivered,
        CancellationToken cancellationToken)
        where TNotifier : notnull
    {
        var delivered = new List<string>(deliveredBefore);
        Exception? failure = null;
        string? failedNotifier = null;
        foreach (var notifier in notifiers)
        {
            var key = KeyOf(notifier);
            if (delivered.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            try
            {
                await notify(notifier).ConfigureAwait(false);
                delivered.Add(key);
                onDelivered(key);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure ??= ex;
                failedNotifier ??= key;
            }
        }

        return new Outcome(delivered, failure, failedNotifier);
    }

    /// <summary>The earlier of two optional times (the next retry a pass reports).</summary>
    public static DateTimeOffset? Earliest(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } c && (current is null || c < current) ? c : current;
}
