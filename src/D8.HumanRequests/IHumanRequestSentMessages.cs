namespace D8.HumanRequests;

/// <summary>
/// How a notifier records what it sent about a request, so a later <see cref="HumanRequestNotificationKind.Decided"/>
/// notification (delivered by any process, also after a restart or a failover) can edit those messages. Registered by
/// <c>AddD8HumanRequests</c>.
/// </summary>
/// <remarks>The record is added through the store's per-request update, so it never overwrites a decision taken at
/// the same moment, and a message already recorded is not recorded twice.</remarks>
public interface IHumanRequestSentMessages
{
    /// <summary>Adds <paramref name="message"/> to <see cref="HumanRequest.SentMessages"/> of the request.</summary>
    /// <param name="requestId">The request the message is about.</param>
    /// <param name="message">What was sent, where.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The request as saved, or <see langword="null"/> when no request has this id (deleted or replaced
    /// meanwhile).</returns>
    Task<HumanRequest?> RecordAsync(string requestId, HumanRequestSentMessage message, CancellationToken cancellationToken = default);
}
