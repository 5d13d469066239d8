namespace D8.HumanRequests.Internal;

/// <summary>A sent message as stored: <c>{"channel","chat_id","message_id","sent_at"}</c> (our addition).</summary>
internal sealed class StoredSentMessage
{
    public string? Channel { get; set; }

    public string? ChatId { get; set; }

    public string? MessageId { get; set; }

    public string? SentAt { get; set; }
}
