using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Telegram.Internal.Texts;

/// <summary>
/// Every user-facing string of the bot in one language. Plain values are HTML-safe literals; the functions receive
/// arguments that are already HTML-escaped (user text) or formatted (ids, amounts, dates).
/// </summary>
internal sealed partial class TelegramTexts
{
    public required string Code { get; init; }

    public required Func<HumanRequestType, string> TypeName { get; init; }

    public required Func<HumanRequestStatus, string> StatusName { get; init; }

    public required string PriorityHigh { get; init; }

    public required string PriorityMedium { get; init; }

    public required string PriorityLow { get; init; }

    public required string HeaderNew { get; init; }

    public required string HeaderDueAgain { get; init; }

    public required string HeaderAutoApproved { get; init; }

    public required string HeaderDetails { get; init; }

    public required string LabelPriority { get; init; }

    public required string LabelCreatedBy { get; init; }

    public required string LabelEstimatedCost { get; init; }

    public required string LabelActualCost { get; init; }

    public required string LabelStatus { get; init; }

    public required string LabelPostponedUntil { get; init; }

    public required string LabelCreatedAt { get; init; }

    public required string LabelNotes { get; init; }

    public required string LabelHistory { get; init; }

    public required string LabelApprovedBy { get; init; }

    public required string Truncated { get; init; }

    public required Func<string, string> HintsPending { get; init; }

    public required Func<string, string> HintsApproved { get; init; }

    public required string ButtonApprove { get; init; }

    /// <summary>option text (plain, not HTML) → its button.</summary>
    public required Func<string, string> ButtonChoose { get; init; }

    public required string LabelOptions { get; init; }

    public required string LabelChosenOption { get; init; }

    /// <summary>option (HTML-escaped) → the answer to a choice button.</summary>
    public required Func<string, string> CallbackChosen { get; init; }

    public required string ButtonReject { get; init; }

    public required string ButtonPostpone { get; init; }

    /// <summary>(who, when) → footer of a message decided by approval.</summary>
    public required Func<string, string, string> DecidedApproved { get; init; }

    public required Func<string, string, string> DecidedRejected { get; init; }

    /// <summary>(who, until) → footer of a message whose request was postponed.</summary>
    public required Func<string, string, string> DecidedPostponed { get; init; }

    public required Func<string, string> ConfirmApproved { get; init; }

    public required Func<string, string> ConfirmRejected { get; init; }

    /// <summary>(id, until) → confirmation.</summary>
    public required Func<string, string, string> ConfirmPostponed { get; init; }

    /// <summary>(id, actual cost or null) → confirmation.</summary>
    public required Func<string, string?, string> ConfirmCompleted { get; init; }

    public required Func<string, string> ConfirmNote { get; init; }

    public required string CallbackApproved { get; init; }

    public required string CallbackRejected { get; init; }

    public required string CallbackPostponed { get; init; }

    public required Func<string, string> ErrorUnknownId { get; init; }

    /// <summary>usage → reply.</summary>
    public required Func<string, string> ErrorMissingId { get; init; }

    /// <summary>(id, status name) → reply when the request is already in the status (or a final one).</summary>
    public required Func<string, string, string> ErrorAlready { get; init; }

    /// <summary>(action verb, id, status name) → reply for any other refused transition.</summary>
    public required Func<string, string, string, string> ErrorCannot { get; init; }

    public required Func<HumanRequestAction, string> ActionVerb { get; init; }

    public required Func<string, string> ErrorBadDuration { get; init; }

    public required Func<string, string> ErrorBadAmount { get; init; }

    public required Func<string, string> ErrorUnknownStatus { get; init; }

    public required Func<string, string> ErrorUnknownCommand { get; init; }

    public required string ErrorNotACommand { get; init; }

    public required Func<string, string> ErrorHandlerFailed { get; init; }

    public required string Unauthorized { get; init; }

    public required string CallbackExpired { get; init; }

    /// <summary>(status filter or null for all, count) → header of /solicitudes.</summary>
    public required Func<HumanRequestStatus?, int, string> ListHeader { get; init; }

    public required Func<HumanRequestStatus?, string> ListEmpty { get; init; }

    public required string ListContinued { get; init; }

    public required string Help { get; init; }

    public required string UsageRequest { get; init; }

    public required string UsageApprove { get; init; }

    public required string UsageReject { get; init; }

    public required string UsagePostpone { get; init; }

    public required string UsageComplete { get; init; }

    public required Func<SlaveStatus, string> SlaveStatusName { get; init; }

    public required Func<int, string> SlavesHeader { get; init; }

    public required string SlavesEmpty { get; init; }

    public required string SlavesUnavailable { get; init; }

    public required string LabelCommit { get; init; }

    public required string LabelLastContact { get; init; }

    public required string LabelError { get; init; }

    public required string LabelDetail { get; init; }

    public required string Never { get; init; }

    public required string EventDown { get; init; }

    public required string EventRecovered { get; init; }

    public required string EventVersionMismatch { get; init; }

    /// <summary>month (yyyy-MM) → header of /gastos.</summary>
    public required Func<string, string> SpendHeader { get; init; }

    /// <summary>The name of the overall budget line.</summary>
    public required string SpendOverall { get; init; }

    /// <summary>(budget name, spent, limit or null, percent or null, left or null) → one line of /gastos.</summary>
    public required Func<string, string, string?, string?, string?, string> SpendLine { get; init; }

    public required string SpendNoBudgets { get; init; }

    /// <summary>(budget name, percent, month, spent, limit) → a budget alert.</summary>
    public required Func<string, int, string, string, string, string> BudgetAlert { get; init; }

    /// <summary>(request id, title) → which request reached the budget alert.</summary>
    public required Func<string, string, string> BudgetAlertWith { get; init; }

    /// <summary>time left (e.g. <c>10 min</c>) → the header of an expiry reminder.</summary>
    public required Func<string, string> HeaderExpiryReminder { get; init; }

    /// <summary>The label of a request's expiry time.</summary>
    public required string LabelExpiresAt { get; init; }

    /// <summary>(who, when) → footer of a message whose request was cancelled.</summary>
    public required Func<string, string, string> DecidedCancelled { get; init; }

    /// <summary>(who, when) → footer of a message whose request was completed.</summary>
    public required Func<string, string, string> DecidedCompleted { get; init; }

    public required Func<string, string> ConfirmCancelled { get; init; }

    public required string UsageCancel { get; init; }

    public static TelegramTexts For(string language) =>
        string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? English : Spanish;
}
