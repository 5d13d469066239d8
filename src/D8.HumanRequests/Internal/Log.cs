using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>Source-generated log messages of the package. Event ids 3001–3999 belong to this package.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Debug, "Loaded {Count} human requests (counter {Counter}) from {FilePath}")]
    public static partial void StoreLoaded(ILogger logger, string filePath, int count, int counter);

    [LoggerMessage(3003, LogLevel.Warning, "Could not delete the temp file {Path}: {Reason}")]
    public static partial void TempFileNotDeleted(ILogger logger, string path, string reason);

    [LoggerMessage(3010, LogLevel.Information, "Human request {RequestId} ({Type}) created by {CreatedBy}: {Title}")]
    public static partial void Created(ILogger logger, string requestId, string type, string createdBy, string title);

    [LoggerMessage(3011, LogLevel.Information, "Human request {RequestId} approved automatically by rule {Rule}")]
    public static partial void AutoApproved(ILogger logger, string requestId, string rule);

    [LoggerMessage(3012, LogLevel.Information, "Human request {RequestId}: {Action} by {Actor}, {From} -> {To}")]
    public static partial void Transitioned(ILogger logger, string requestId, string action, string actor, string from, string to);

    [LoggerMessage(3013, LogLevel.Information, "Human request {RequestId} was postponed until {Until} and is pending again")]
    public static partial void PostponementDue(ILogger logger, string requestId, DateTimeOffset until);

    [LoggerMessage(3020, LogLevel.Debug, "Notification {Kind} of {RequestId} delivered to {Notifier}")]
    public static partial void NotificationDelivered(ILogger logger, string kind, string requestId, string notifier);

    [LoggerMessage(3021, LogLevel.Warning, "Notification {Kind} of {RequestId} failed in {Notifier} (attempt {Attempt}); retry at {NextAttemptAt}")]
    public static partial void NotificationFailed(ILogger logger, string kind, string requestId, string notifier, int attempt, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(3022, LogLevel.Debug, "Notification {Kind} of {RequestId} dropped: the request is {Status} now")]
    public static partial void NotificationObsolete(ILogger logger, string kind, string requestId, string status);

    [LoggerMessage(3030, LogLevel.Error, "The human requests background pass failed; retrying at the next poll")]
    public static partial void BackgroundPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(3014, LogLevel.Information, "Auto-approval rule {Rule} matched '{Title}' but the {Budget} budget has only {Left} left this month; the owner is asked")]
    public static partial void AutoApprovalHeldBack(ILogger logger, string title, string rule, string budget, decimal left);

    [LoggerMessage(3015, LogLevel.Warning, "The {Budget} budget reached {Percent} % in {Year}-{Month:00}: {Spent} of {Limit} (with {RequestId})")]
    public static partial void BudgetAlertRaised(ILogger logger, string budget, int percent, int year, int month, decimal spent, decimal limit, string requestId);

    [LoggerMessage(3040, LogLevel.Information, "Human request {RequestId} expires at {ExpiresAt}: the owner is reminded")]
    public static partial void ExpiryReminderQueued(ILogger logger, string requestId, DateTimeOffset expiresAt);

    [LoggerMessage(3041, LogLevel.Information, "Human request {RequestId} expired at {ExpiresAt} while {Status}: cancelled")]
    public static partial void Expired(ILogger logger, string requestId, DateTimeOffset expiresAt, string status);

    [LoggerMessage(3060, LogLevel.Information, "Owner alert {Source}/{Kind} about {Subject} raised ({AlertId})")]
    public static partial void AlertRaised(ILogger logger, string source, string kind, string subject, string alertId);

    [LoggerMessage(3061, LogLevel.Debug, "Owner alert {Source}/{Kind} about {Subject} delivered to {Notifier}")]
    public static partial void AlertDelivered(ILogger logger, string source, string kind, string subject, string notifier);

    [LoggerMessage(3062, LogLevel.Warning, "Owner alert {Source}/{Kind} about {Subject} failed in {Notifier} (attempt {Attempt}); retry at {NextAttemptAt}")]
    public static partial void AlertFailed(ILogger logger, string source, string kind, string subject, string notifier, int attempt, DateTimeOffset nextAttemptAt, Exception exception);
}
