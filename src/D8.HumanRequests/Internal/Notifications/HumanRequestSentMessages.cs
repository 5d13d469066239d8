namespace D8.HumanRequests.Internal;

/// <summary>Records sent messages with the request through the store's per-request update.</summary>
internal sealed class HumanRequestSentMessages(IHumanRequestStore store) : IHumanRequestSentMessages
{
    /// <summary>More records than this per request are not kept (the oldest go): a request is re-asked only after a
    /// postponement, to a handful of chats, so this is only a bound against a runaway notifier.</summary>
    public const int MaxPerRequest = 100;

    public async Task<HumanRequest?> RecordAsync(string requestId, HumanRequestSentMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.ChatId);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.MessageId);
        return await store.UpdateAsync(
            requestId,
            request => request.SentMessages.Any(message.SameMessage)
                ? request
                : request with { SentMessages = [.. request.SentMessages.Append(message).TakeLast(MaxPerRequest)] },
            cancellationToken).ConfigureAwait(false);
    }
}
