namespace D8.Testing.Telegram;

/// <summary>A failure the fake Bot API answers to one <c>getUpdates</c> call instead of updates.</summary>
public sealed record FakeBotApiFailure(FakeBotApiFailureKind Kind, int RetryAfterSeconds = 0)
{
    /// <summary>409 "Conflict: terminated by other getUpdates request".</summary>
    public static FakeBotApiFailure Conflict { get; } = new(FakeBotApiFailureKind.Conflict);

    /// <summary>The connection is closed without an answer.</summary>
    public static FakeBotApiFailure NetworkFailure { get; } = new(FakeBotApiFailureKind.NetworkFailure);

    /// <summary>429 "Too Many Requests" with <c>retry_after</c> seconds.</summary>
    public static FakeBotApiFailure TooManyRequests(int retryAfterSeconds) => new(FakeBotApiFailureKind.TooManyRequests, retryAfterSeconds);
}
