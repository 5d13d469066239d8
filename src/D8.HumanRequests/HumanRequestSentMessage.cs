namespace D8.HumanRequests;

/// <summary>
/// A message a notifier sent about a request (e.g. one Telegram message in one chat), kept with the request in the
/// store (<c>sent_messages</c>) so that whichever process delivers a later notification, also a new leader after a
/// failover, can edit it when the request is decided.
/// </summary>
/// <param name="Channel">Which notifier sent it, e.g. <c>telegram</c>; a notifier only edits its own messages.</param>
/// <param name="ChatId">Where it went, in the channel's own terms (a Telegram chat id, as text).</param>
/// <param name="MessageId">The channel's id of the message (a Telegram message id, as text).</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record HumanRequestSentMessage(string Channel, string ChatId, string MessageId, DateTimeOffset SentAt)
{
    /// <summary>Whether <paramref name="other"/> names the same message (channel, chat and message id).</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when both name the same message.</returns>
    public bool SameMessage(HumanRequestSentMessage other) =>
        other is not null
        && string.Equals(Channel, other.Channel, StringComparison.Ordinal)
        && string.Equals(ChatId, other.ChatId, StringComparison.Ordinal)
        && string.Equals(MessageId, other.MessageId, StringComparison.Ordinal);
}
