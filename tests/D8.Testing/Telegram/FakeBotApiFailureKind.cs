namespace D8.Testing.Telegram;

/// <summary>What an injected <c>getUpdates</c> failure looks like on the wire.</summary>
public enum FakeBotApiFailureKind
{
    /// <summary>HTTP 409: another poller uses the same token.</summary>
    Conflict,

    /// <summary>HTTP 429 with <c>parameters.retry_after</c>.</summary>
    TooManyRequests,

    /// <summary>The connection is dropped without a response.</summary>
    NetworkFailure,
}
