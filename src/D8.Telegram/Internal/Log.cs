using Microsoft.Extensions.Logging;

namespace D8.Telegram.Internal;

/// <summary>The package's log messages (source-generated). Event ids 5001–5999 belong to this package.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Telegram polling started for @{BotUsername}; {ChatCount} authorised chat(s)")]
    public static partial void PollingStarted(this ILogger logger, string botUsername, int chatCount);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Telegram polling failed ({Failure}); attempt {Attempt}, retrying in {Delay}")]
    public static partial void PollingFailed(this ILogger logger, string failure, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Telegram polling recovered after {Attempts} failed attempt(s)")]
    public static partial void PollingRecovered(this ILogger logger, int attempts);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Telegram update {UpdateId} could not be handled")]
    public static partial void UpdateFailed(this ILogger logger, int updateId, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Telegram: refused {What} from unauthorised chat {ChatId} (user {UserId})")]
    public static partial void Unauthorized(this ILogger logger, string what, long chatId, long? userId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Telegram: {Actor} did {Action} on {RequestId}")]
    public static partial void DecisionApplied(this ILogger logger, string actor, string action, string requestId);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Telegram: sending to chat {ChatId} failed")]
    public static partial void SendFailed(this ILogger logger, long chatId, Exception exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Telegram polling stopped")]
    public static partial void PollingStopped(this ILogger logger);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Telegram: refused {What} in authorised chat {ChatId} from user {UserId}, who is not in D8:Telegram:AuthorizedUserIds")]
    public static partial void UnauthorizedUser(this ILogger logger, string what, long chatId, long? userId);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Debug, Message = "Telegram: message {MessageId} in chat {ChatId} now shows {RequestId} as {Status}")]
    public static partial void MessageEdited(this ILogger logger, int messageId, long chatId, string requestId, D8.HumanRequests.HumanRequestStatus status);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Telegram: editing message {MessageId} in chat {ChatId} for {RequestId} failed; it is retried")]
    public static partial void EditFailed(this ILogger logger, int messageId, long chatId, string requestId, Exception exception);

    [LoggerMessage(EventId = 5033, Level = LogLevel.Warning, Message = "Telegram: message {MessageId} in chat {ChatId} for {RequestId} cannot be edited ({Reason}); left as it is")]
    public static partial void EditRefused(this ILogger logger, int messageId, long chatId, string requestId, string reason);

    [LoggerMessage(EventId = 5034, Level = LogLevel.Warning, Message = "Telegram: message {MessageId} sent to chat {ChatId} for {RequestId} could not be recorded; a later decision will not edit it")]
    public static partial void RecordFailed(this ILogger logger, int messageId, long chatId, string requestId, Exception exception);
}
